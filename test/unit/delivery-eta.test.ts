// Distance and ETA: known distances, the rounding up and the one-minute floor, and the speed setting.
import { afterEach, describe, expect, it } from 'vitest';
import { etaMinutes, haversineKm, orderEtaMinutes } from '../../functions/core/delivery/eta';

const MG_ROAD = { lat: 12.9756, lng: 77.6066 };
const MUMBAI_CST = { lat: 18.9398, lng: 72.8355 };

afterEach(() => {
  delete process.env.RIDER_SPEED_KMPH;
});

describe('haversineKm', () => {
  it('measures great-circle distance', () => {
    // One degree of longitude on the equator is 2πR/360.
    expect(haversineKm({ lat: 0, lng: 0 }, { lat: 0, lng: 1 })).toBeCloseTo((2 * Math.PI * 6371) / 360, 6);
    // Bengaluru to Mumbai is about 840 km as the crow flies.
    expect(haversineKm(MG_ROAD, MUMBAI_CST)).toBeGreaterThan(820);
    expect(haversineKm(MG_ROAD, MUMBAI_CST)).toBeLessThan(860);
    expect(haversineKm(MG_ROAD, MG_ROAD)).toBe(0);
    expect(haversineKm(MG_ROAD, MUMBAI_CST)).toBeCloseTo(haversineKm(MUMBAI_CST, MG_ROAD), 9);
  });
});

describe('etaMinutes', () => {
  const tenKmNorth = { lat: MG_ROAD.lat + 10 / ((6371 * Math.PI) / 180), lng: MG_ROAD.lng };

  it('rounds up at the given speed and never says less than a minute', () => {
    expect(etaMinutes(tenKmNorth, MG_ROAD, 20)).toBe(30);
    expect(etaMinutes(tenKmNorth, MG_ROAD, 25)).toBe(24);
    expect(etaMinutes(tenKmNorth, MG_ROAD, 7)).toBe(86); // 85.7 → 86
    expect(etaMinutes(MG_ROAD, MG_ROAD, 20)).toBe(1);
  });

  it('reads RIDER_SPEED_KMPH (default 20) and refuses a nonsense value', () => {
    expect(etaMinutes(tenKmNorth, MG_ROAD)).toBe(30);
    process.env.RIDER_SPEED_KMPH = '40';
    expect(etaMinutes(tenKmNorth, MG_ROAD)).toBe(15);
    process.env.RIDER_SPEED_KMPH = 'fast';
    expect(() => etaMinutes(tenKmNorth, MG_ROAD)).toThrow(/RIDER_SPEED_KMPH/);
  });
});

describe('orderEtaMinutes', () => {
  const store = MG_ROAD;
  const address = { lat: MG_ROAD.lat + 10 / ((6371 * Math.PI) / 180), lng: MG_ROAD.lng };

  it('from the store until the rider reports a position, then from the rider; none outside delivery', () => {
    expect(orderEtaMinutes({ status: 'confirmed', deliveryAddress: address }, store, 20)).toBe(30);
    expect(orderEtaMinutes({ status: 'rider_assigned', deliveryAddress: address }, store, 20)).toBe(30);
    const halfway = { lat: (MG_ROAD.lat + address.lat) / 2, lng: MG_ROAD.lng };
    expect(
      orderEtaMinutes({ status: 'picked_up', deliveryAddress: address, currentLocation: halfway }, store, 20),
    ).toBe(15);
    for (const status of ['pending', 'awaiting_payment', 'delivered', 'cancelled']) {
      expect(orderEtaMinutes({ status, deliveryAddress: address }, store, 20), status).toBeUndefined();
    }
  });
});
