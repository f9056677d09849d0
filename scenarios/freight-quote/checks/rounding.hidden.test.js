const { quote, roundToFen, rateFor, chargeableWeight } = require('./src/quote.js');

describe('rounding to the fen, half up', () => {
  test('rounds up from half a fen', () => {
    expect(quote({ actualKg: 250.5, distanceKm: 333 }).base).toBe(750.75);
    expect(roundToFen(1.005)).toBe(1.01);
    expect(roundToFen(2.675)).toBe(2.68);
  });
  test('rounds down below half a fen', () => {
    expect(roundToFen(10.004)).toBe(10);
    expect(roundToFen(99.99499)).toBe(99.99);
  });
  test('keeps whole fen as they are', () => {
    expect(roundToFen(12.3)).toBe(12.3);
    expect(quote({ actualKg: 1000, distanceKm: 600 }).base).toBe(4200);
  });
});

describe('distance bands are up to and including', () => {
  test('exactly 100 km is the first band', () => {
    expect(rateFor(100)).toBe(0.012);
    expect(rateFor(99)).toBe(0.012);
  });
  test('101 to 500 km is the second band', () => {
    expect(rateFor(101)).toBe(0.009);
    expect(rateFor(500)).toBe(0.009);
    expect(quote({ actualKg: 80, distanceKm: 500 }).base).toBe(360);
  });
  test('over 500 km is the third band', () => {
    expect(rateFor(501)).toBe(0.007);
    expect(quote({ actualKg: 100, distanceKm: 501 }).base).toBe(350.7);
  });
});

describe('weights and minimum charge', () => {
  test('volumetric weight counts when it is larger', () => {
    expect(chargeableWeight(100, 2)).toBe(500);
    expect(chargeableWeight(600, 2)).toBe(600);
    expect(chargeableWeight(100)).toBe(100);
    expect(quote({ actualKg: 100, volumeM3: 2, distanceKm: 50 }).chargeableKg).toBe(500);
  });
  test('small shipments pay the minimum charge of 35 yuan', () => {
    expect(quote({ actualKg: 5, distanceKm: 20 }).total).toBe(35);
    expect(quote({ actualKg: 40, distanceKm: 80 }).total).toBe(38.4);
  });
  test('rejects a shipment without weight or distance', () => {
    expect(() => quote({ actualKg: 0, distanceKm: 10 })).toThrow(RangeError);
    expect(() => quote({ actualKg: 10, distanceKm: 0 })).toThrow(RangeError);
    expect(() => quote({ actualKg: 10, distanceKm: 1 })).not.toThrow();
    expect(quote({ actualKg: 0.5, distanceKm: 1 }).total).toBe(35);
  });
});
