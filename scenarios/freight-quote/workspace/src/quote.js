// Swift Logistics road-freight quote calculator, used by the dispatch desk and sales.

const VOLUMETRIC_KG_PER_M3 = 250;
const MIN_CHARGE = 35;

// Rate per kg per km by distance band.
const BANDS = [
  { upToKm: 100, ratePerKgKm: 0.012 },
  { upToKm: 500, ratePerKgKm: 0.009 },
  { upToKm: Infinity, ratePerKgKm: 0.007 },
];

export function roundToFen(yuan) {
  return Math.floor(yuan * 100) / 100;
}

export function chargeableWeight(actualKg, volumeM3 = 0) {
  return Math.max(actualKg, volumeM3 * VOLUMETRIC_KG_PER_M3);
}

export function rateFor(distanceKm) {
  // The last band ends at Infinity, so the search always finds one.
  return BANDS.find((band) => distanceKm < band.upToKm).ratePerKgKm;
}

export function quote({ actualKg, volumeM3 = 0, distanceKm }) {
  if (!(actualKg > 0) || !(distanceKm > 0)) throw new RangeError('weight and distance must be positive');
  const chargeableKg = chargeableWeight(actualKg, volumeM3);
  const base = roundToFen(chargeableKg * distanceKm * rateFor(distanceKm));
  const total = Math.max(MIN_CHARGE, base);
  return { chargeableKg, base, total };
}
