// Swift Logistics road-freight quote calculator, used by the dispatch desk and sales.

const VOLUMETRIC_KG_PER_M3 = 250;
const MIN_CHARGE = 35;

// Rate per kg per km by distance band.
const BANDS = [
  { upToKm: 100, ratePerKgKm: 0.012 },
  { upToKm: 500, ratePerKgKm: 0.009 },
  { upToKm: Infinity, ratePerKgKm: 0.007 },
];

const DIESEL_REFERENCE_PRICE = 7;
const SURCHARGE_STEP_PRICE = 0.1;
const SURCHARGE_STEP_PERCENT = 0.5;
const SURCHARGE_CAP_PERCENT = 15;

// Half up to the fen. toFixed(6) first removes binary noise such as 1.005 * 100 = 100.49999…
export function roundToFen(yuan) {
  return Math.round(Number((yuan * 100).toFixed(6))) / 100;
}

export function chargeableWeight(actualKg, volumeM3 = 0) {
  return Math.max(actualKg, volumeM3 * VOLUMETRIC_KG_PER_M3);
}

export function rateFor(distanceKm) {
  // The last band ends at Infinity, so the search always finds one.
  return BANDS.find((band) => distanceKm <= band.upToKm).ratePerKgKm;
}

export function fuelSurchargePercent(dieselPrice) {
  const steps = Math.max(0, Math.floor(Number(((dieselPrice - DIESEL_REFERENCE_PRICE) / SURCHARGE_STEP_PRICE).toFixed(6))));
  return Math.min(SURCHARGE_CAP_PERCENT, steps * SURCHARGE_STEP_PERCENT);
}

export function quote({ actualKg, volumeM3 = 0, distanceKm, dieselPrice = DIESEL_REFERENCE_PRICE }) {
  if (!(actualKg > 0) || !(distanceKm > 0)) throw new RangeError('weight and distance must be positive');
  const chargeableKg = chargeableWeight(actualKg, volumeM3);
  const base = roundToFen(chargeableKg * distanceKm * rateFor(distanceKm));
  const surchargePercent = fuelSurchargePercent(dieselPrice);
  const surcharge = roundToFen((base * surchargePercent) / 100);
  const total = Math.max(MIN_CHARGE, roundToFen(base + surcharge));
  return { chargeableKg, base, surchargePercent, surcharge, total };
}
