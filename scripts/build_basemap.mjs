// Build the explorer's offline basemap: marsad/web/static/basemap.json.
//
// Input: Natural Earth country outlines (public domain) as packaged by the npm
// package world-atlas (ISC), read with topojson-client (ISC).  Run from web/:
//
//     npm install && npm run build
//
// The output is committed, so neither `make run` nor CI needs node.  It holds
//   countries: [{id, name, label, label_area, polygons: [[ring, ...], ...]}]  (fills and names)
//   borders:   [line, ...]                                  (land borders, drawn once)
// where every ring or line is a flat [lon, lat, lon, lat, ...] array.  The region
// marsad codes (Africa, the Middle East, Central and South Asia) comes from the
// 1:50m file; the rest of the world from 1:110m, so the file stays small.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
// Packages resolve from web/node_modules (the working directory), not from scripts/.
const require = createRequire(join(process.cwd(), "package.json"));
const { feature, mesh } = require("topojson-client");
const here = dirname(fileURLToPath(import.meta.url));
const output = join(here, "..", "marsad", "web", "static", "basemap.json");

// [min lon, min lat, max lon, max lat] of the detailed region.
const DETAILED = [-26, -40, 100, 48];
// 0.01 degree is about 1 km: finer than the 1:50m source, so rounding loses nothing visible.
const DECIMALS = 2;
// ISO 3166 numeric code of Antarctica: no events, and it would only stretch along the map's bottom.
const ANTARCTICA = "010";

function loadAtlas(name) {
  return JSON.parse(readFileSync(require.resolve(`world-atlas/${name}`), "utf8"));
}

function centroidInside(geometry, box) {
  const [lon0, lat0, lon1, lat1] = box;
  let lon = 0;
  let lat = 0;
  let count = 0;
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  for (const polygon of polygons) {
    for (const [x, y] of polygon[0]) {
      lon += x;
      lat += y;
      count += 1;
    }
  }
  if (count === 0) return false;
  lon /= count;
  lat /= count;
  return lon >= lon0 && lon <= lon1 && lat >= lat0 && lat <= lat1;
}

// Round, then drop the points that rounding made identical to their predecessor.
// A ring that crosses the antimeridian (Fiji, Chukotka) is unwrapped past ±180
// instead of jumping back across the whole map, so it draws and fills correctly.
function flatten(points) {
  const factor = 10 ** DECIMALS;
  const flat = [];
  let lastX = null;
  let lastY = null;
  let previous = null;
  let offset = 0;
  for (const [rawX, y] of points) {
    if (previous !== null && rawX - previous > 180) offset -= 360;
    if (previous !== null && rawX - previous < -180) offset += 360;
    previous = rawX;
    const x = rawX + offset;
    const rx = Math.round(x * factor) / factor;
    const ry = Math.round(y * factor) / factor;
    if (rx === lastX && ry === lastY) continue;
    flat.push(rx, ry);
    lastX = rx;
    lastY = ry;
  }
  return flat;
}

// Where to write a country's name: the vertex mean of its largest outer ring, and
// that ring's size (degrees², for drawing the big countries' names first).
function labelOf(polygons) {
  let best = null;
  for (const polygon of polygons) {
    const ring = polygon[0];
    let area = 0;
    for (let i = 0; i + 3 < ring.length; i += 2) area += ring[i] * ring[i + 3] - ring[i + 2] * ring[i + 1];
    area = Math.abs(area / 2);
    if (!best || area > best.area) best = { ring, area };
  }
  if (!best) return null;
  let lon = 0;
  let lat = 0;
  const count = best.ring.length / 2;
  for (let i = 0; i < best.ring.length; i += 2) {
    lon += best.ring[i];
    lat += best.ring[i + 1];
  }
  const round = (v) => Math.round(v * 100) / 100;
  return { at: [round(lon / count), round(lat / count)], area: Math.round(best.area) };
}

function polygonsOf(geometry) {
  if (!geometry) return [];
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
  return polygons
    .map((polygon) => polygon.map(flatten).filter((ring) => ring.length >= 6))
    .filter((polygon) => polygon.length > 0);
}

function build() {
  const detailed = loadAtlas("countries-50m.json");
  const coarse = loadAtlas("countries-110m.json");
  const countries = [];
  const borders = [];
  for (const [topology, wantDetailed] of [
    [detailed, true],
    [coarse, false],
  ]) {
    const object = topology.objects.countries;
    const inRegion = (geometry) =>
      geometry.type != null && centroidInside(feature(topology, geometry).geometry, DETAILED) === wantDetailed;
    for (const geometry of object.geometries) {
      if (!inRegion(geometry) || String(geometry.id) === ANTARCTICA) continue;
      const shape = feature(topology, geometry);
      const polygons = polygonsOf(shape.geometry);
      const label = labelOf(polygons);
      countries.push({
        id: String(geometry.id ?? ""),
        name: geometry.properties?.name ?? "",
        label: label?.at ?? null,
        label_area: label?.area ?? 0,
        polygons,
      });
    }
    // Shared borders once each, only between two countries of the same detail level.
    const lines = mesh(topology, object, (a, b) => a !== b && inRegion(a) && inRegion(b));
    for (const line of lines.coordinates) {
      const flat = flatten(line);
      if (flat.length >= 4) borders.push(flat);
    }
  }
  countries.sort((a, b) => a.name.localeCompare(b.name));
  const atlas = require("world-atlas/package.json");
  const basemap = {
    source: `Natural Earth (public domain) via world-atlas ${atlas.version}: 1:50m in the region, 1:110m elsewhere`,
    detailed_bbox: DETAILED,
    countries,
    borders,
  };
  writeFileSync(output, JSON.stringify(basemap));
  console.log(`wrote ${output}: ${countries.length} countries, ${borders.length} border lines`);
}

build();
