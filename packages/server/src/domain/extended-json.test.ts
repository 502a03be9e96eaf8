import { describe, expect, it } from 'vitest';
import { toRelaxedExtendedJson, userIdIn } from './extended-json.js';

describe('custom data from a mongoexport', () => {
  it('reads canonical and relaxed Extended JSON into the same relaxed form', () => {
    const canonical = {
      _id: { $oid: '70a0b0c0d0e0f0a0b0c0d001' },
      n: { $numberInt: '7' },
      long: { $numberLong: '42' },
      double: { $numberDouble: '1.5' },
      at: { $date: { $numberLong: '1600000000000' } },
      nested: [{ deep: { $numberInt: '1' } }],
    };
    const relaxed = {
      _id: { $oid: '70a0b0c0d0e0f0a0b0c0d001' },
      n: 7,
      long: 42,
      double: 1.5,
      at: { $date: '2020-09-13T12:26:40Z' },
      nested: [{ deep: 1 }],
    };
    const expected = { ...relaxed, at: { $date: '2020-09-13T12:26:40.000Z' } };
    expect(toRelaxedExtendedJson(canonical)).toEqual(expected);
    expect(toRelaxedExtendedJson(relaxed)).toEqual(expected);
  });

  it('keeps what a JSON number would lose: 64-bit integers past 2^53, infinities, -0, dates before 1970', () => {
    const document = toRelaxedExtendedJson({
      big: { $numberLong: '9007199254740993' },
      infinite: { $numberDouble: 'Infinity' },
      negativeZero: { $numberDouble: '-0.0' },
      old: { $date: { $numberLong: '-1000' } },
      decimal: { $numberDecimal: '1.10' },
    });
    expect(document).toEqual({
      big: { $numberLong: '9007199254740993' },
      infinite: { $numberDouble: 'Infinity' },
      negativeZero: { $numberDouble: '-0.0' },
      old: { $date: { $numberLong: '-1000' } },
      decimal: { $numberDecimal: '1.10' },
    });
  });

  it('refuses a malformed type wrapper and a document that is not an object', () => {
    expect(() => toRelaxedExtendedJson({ _id: { $oid: 'not-an-object-id' } })).toThrow();
    expect(() => toRelaxedExtendedJson([1, 2])).toThrow();
  });

  it('finds the user id as a string or an ObjectId', () => {
    expect(userIdIn({ user_id: 'abc' }, 'user_id')).toBe('abc');
    expect(userIdIn({ owner: { $oid: '70a0b0c0d0e0f0a0b0c0d001' } }, 'owner')).toBe('70a0b0c0d0e0f0a0b0c0d001');
    expect(userIdIn({ owner: 12 }, 'owner')).toBeNull();
  });
});
