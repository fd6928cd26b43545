// The tracking map, drawn as SVG so it works offline: the store, the delivery address and the rider,
// on an equirectangular projection that grows (never shrinks) to keep every point in view.
import { svg } from './dom';

export interface Point {
  lat: number;
  lng: number;
}

const WIDTH = 360;
const HEIGHT = 240;
const MARGIN = 36;

export class TrackingMap {
  readonly element: SVGElement;
  private readonly points: Point[];
  private rider?: Point;
  private eta?: number;

  constructor(
    private readonly store: Point,
    private readonly home: Point,
  ) {
    this.points = [store, home];
    this.element = svg('svg', {
      'data-testid': 'map',
      viewBox: `0 0 ${WIDTH} ${HEIGHT}`,
      role: 'img',
      'aria-label': 'Delivery map',
      class: 'map',
    });
    this.draw();
  }

  moveRider(at: Point, etaMinutes?: number): void {
    this.rider = at;
    this.eta = etaMinutes;
    this.points.push(at);
    this.draw();
  }

  /** The order has ended: the rider stays where last seen, without an ETA. */
  forgetEta(): void {
    this.eta = undefined;
    this.draw();
  }

  private project(): (p: Point) => [number, number] {
    const lats = this.points.map((p) => p.lat);
    const lngs = this.points.map((p) => p.lng);
    // At least ~1 km across, so two points close together do not fill the map edge to edge.
    const span = Math.max(Math.max(...lats) - Math.min(...lats), Math.max(...lngs) - Math.min(...lngs), 0.01);
    const midLat = (Math.max(...lats) + Math.min(...lats)) / 2;
    const midLng = (Math.max(...lngs) + Math.min(...lngs)) / 2;
    const scale = Math.min(WIDTH - 2 * MARGIN, HEIGHT - 2 * MARGIN) / span;
    return (p) => [WIDTH / 2 + (p.lng - midLng) * scale, HEIGHT / 2 - (p.lat - midLat) * scale];
  }

  private draw(): void {
    const at = this.project();
    const [sx, sy] = at(this.store);
    const [hx, hy] = at(this.home);
    const streets = [0.25, 0.5, 0.75].flatMap((f) => [
      svg('line', { x1: 0, y1: HEIGHT * f, x2: WIDTH, y2: HEIGHT * f, class: 'street' }),
      svg('line', { x1: WIDTH * f, y1: 0, x2: WIDTH * f, y2: HEIGHT, class: 'street' }),
    ]);
    const children = [
      svg('rect', { width: WIDTH, height: HEIGHT, class: 'ground' }),
      ...streets,
      svg('line', { x1: sx, y1: sy, x2: hx, y2: hy, class: 'route' }),
      marker(sx, sy, 'store', 'Store', 'S'),
      marker(hx, hy, 'home', 'You', 'H'),
    ];
    if (this.rider) {
      const [rx, ry] = at(this.rider);
      const label = this.eta === undefined ? 'Rider' : `Rider · ${this.eta} min`;
      children.push(marker(rx, ry, 'rider', label, 'R', 'rider'));
    }
    this.element.replaceChildren(...children);
  }
}

function marker(x: number, y: number, kind: string, label: string, glyph: string, testId?: string) {
  return svg(
    'g',
    {
      class: `marker ${kind}`,
      transform: `translate(${x.toFixed(1)} ${y.toFixed(1)})`,
      'data-testid': testId,
    },
    svg('circle', { r: 11 }),
    svg('text', { class: 'glyph', 'text-anchor': 'middle', dy: 4 }, glyph),
    svg('text', { class: 'label', x: 15, dy: 4 }, label),
  );
}
