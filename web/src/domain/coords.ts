// WGS-84 → GCJ-02 (../shared/docs/domain/codes-and-coordinates.md, the published algorithm; the
// same as src/core/geo.cpp). The browser's geolocation is WGS-84; inspection items are recorded
// in GCJ-02, the datum the console's maps use.
const A = 6378245.0
const EE = 0.00669342162296594323

function outsideChina(lon: number, lat: number): boolean {
  return lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271
}

function dLat(x: number, y: number): number {
  let r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x))
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3
  r += ((20 * Math.sin(y * Math.PI) + 40 * Math.sin((y / 3) * Math.PI)) * 2) / 3
  r += ((160 * Math.sin((y / 12) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30)) * 2) / 3
  return r
}

function dLon(x: number, y: number): number {
  let r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x))
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3
  r += ((20 * Math.sin(x * Math.PI) + 40 * Math.sin((x / 3) * Math.PI)) * 2) / 3
  r += ((150 * Math.sin((x / 12) * Math.PI) + 300 * Math.sin((x / 30) * Math.PI)) * 2) / 3
  return r
}

export function wgs84ToGcj02(lon: number, lat: number): { lon: number; lat: number } {
  if (outsideChina(lon, lat)) return { lon, lat }
  const phi = (lat / 180) * Math.PI
  const m = 1 - EE * Math.sin(phi) * Math.sin(phi)
  const sq = Math.sqrt(m)
  const la = (dLat(lon - 105, lat - 35) * 180) / (((A * (1 - EE)) / (m * sq)) * Math.PI)
  const lo = (dLon(lon - 105, lat - 35) * 180) / ((A / sq) * Math.cos(phi) * Math.PI)
  return { lon: lon + lo, lat: lat + la }
}
