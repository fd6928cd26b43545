import { describe, expect, it } from 'vitest';
import { profileFromClaims } from '../../functions/core/auth/claims';

describe("profileFromClaims (a rider's name and phone from the token)", () => {
  it('trims, keeps usable claims and drops empty ones', () => {
    expect(profileFromClaims({ name: ' Ravi ', phone_number: '+919800000001' })).toEqual({
      name: 'Ravi',
      phone: '+919800000001',
    });
    expect(profileFromClaims({ name: '  ', phone_number: 7 })).toEqual({});
  });

  it('cuts a long name to 100 UTF-16 units without splitting an emoji', () => {
    expect(profileFromClaims({ name: `${'r'.repeat(99)}🛵 rider` }).name).toBe('r'.repeat(99));
    expect(profileFromClaims({ name: 'r'.repeat(120) }).name).toBe('r'.repeat(100));
  });
});
