// Waiting for work with a deadline: the answer, or the caller's error once the time is up. The work
// itself goes on (nothing here can stop it); what it settles to later is ignored (the race holds
// a handler on it, so a late rejection is no unhandled rejection).

export interface TimeLimit {
  /** Let Node exit while only this timer is left (a watchdog's wait, not a request's). */
  unref?: boolean;
}

export async function withinTimeLimit<T>(
  work: Promise<T>,
  ms: number,
  expired: () => Error,
  { unref = false }: TimeLimit = {},
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(expired()), ms);
    if (unref) timer.unref();
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
