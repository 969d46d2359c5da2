// The event map: a Web-Mercator canvas over the shipped basemap, with server-side clusters.
//
// No tiles and no map library: the country outlines (basemap.json, Natural Earth)
// are projected once into unit Mercator space and kept as Path2D objects, so a
// redraw is one transform and two fills however far one zooms.  Events arrive as
// grid clusters from /api/events/clusters for the visible box, so the browser
// never holds more markers than there are cells on the screen.

import { typeColor } from "./colors.js";

const TILE = 256;
const MAX_LAT = 85.05112878;
const MIN_ZOOM = 1;
const MAX_ZOOM = 14;
// The region marsad codes: the first view, and where "reset" goes back to.
const HOME = { lon0: -18, lat0: -5, lon1: 75, lat1: 45 };

export function mercator(lon, lat) {
  const clamped = Math.max(-MAX_LAT, Math.min(MAX_LAT, lat));
  const sin = Math.sin((clamped * Math.PI) / 180);
  return [(lon + 180) / 360, 0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)];
}

function inverseMercator(x, y) {
  const lon = x * 360 - 180;
  const lat = (Math.atan(Math.sinh(Math.PI * (1 - 2 * y))) * 180) / Math.PI;
  return [lon, lat];
}

function ringsPath(rings) {
  const path = new Path2D();
  for (const flat of rings) {
    for (let i = 0; i < flat.length; i += 2) {
      const [x, y] = mercator(flat[i], flat[i + 1]);
      if (i === 0) path.moveTo(x, y);
      else path.lineTo(x, y);
    }
  }
  return path;
}

export class EventMap {
  constructor(canvas, { onViewChange, onOpenEvent, onPickPlace, tooltip, describe, countryName }) {
    this.canvas = canvas;
    this.ctx = canvas.getContext("2d");
    this.onViewChange = onViewChange;
    this.onOpenEvent = onOpenEvent;
    this.onPickPlace = onPickPlace;
    this.tooltip = tooltip;
    this.describe = describe;
    this.countryName = countryName;
    this.labels = [];
    this.land = null;
    this.borders = null;
    this.clusters = [];
    this.highlight = null; // the open event's [lon, lat]
    this.center = [0.5, 0.5];
    this.zoom = 3;
    this.drag = null;
    this.frame = 0;
    this.viewTimer = 0;
    new ResizeObserver(() => this.resize()).observe(canvas);
    this.bindEvents();
    this.resize();
    this.fit(HOME.lon0, HOME.lat0, HOME.lon1, HOME.lat1);
    // The page asks for the first clusters itself, with everything else.
    clearTimeout(this.viewTimer);
  }

  async loadBasemap(url) {
    const basemap = await (await fetch(url)).json();
    this.land = ringsPath(basemap.countries.flatMap((country) => country.polygons.flat()));
    this.borders = ringsPath(basemap.borders);
    // Biggest first: when names collide, the larger country keeps its name.
    this.labels = basemap.countries
      .filter((country) => country.label)
      .sort((a, b) => b.label_area - a.label_area)
      .map((country) => ({ name: country.name, at: mercator(...country.label), area: country.label_area }));
    this.redraw();
  }

  setClusters(clusters) {
    this.clusters = clusters;
    this.redraw();
  }

  setHighlight(lonLat) {
    this.highlight = lonLat;
    this.redraw();
  }

  get worldSize() {
    return TILE * 2 ** this.zoom;
  }

  // Screen position (CSS pixels) of a unit-Mercator point.
  toScreen(x, y) {
    const world = this.worldSize;
    return [(x - this.center[0]) * world + this.width / 2, (y - this.center[1]) * world + this.height / 2];
  }

  toUnit(px, py) {
    const world = this.worldSize;
    return [this.center[0] + (px - this.width / 2) / world, this.center[1] + (py - this.height / 2) / world];
  }

  // The visible box as the API's bbox: "min_lon,min_lat,max_lon,max_lat".
  bbox() {
    const [x0, y0] = this.toUnit(0, 0);
    const [x1, y1] = this.toUnit(this.width, this.height);
    const [lon0, lat1] = inverseMercator(Math.max(0, x0), Math.max(0, y0));
    const [lon1, lat0] = inverseMercator(Math.min(1, x1), Math.min(1, y1));
    const round = (v) => Math.round(v * 1e4) / 1e4;
    return [round(lon0), round(lat0), round(lon1), round(lat1)].join(",");
  }

  apiZoom() {
    return Math.max(0, Math.min(20, Math.round(this.zoom)));
  }

  fit(lon0, lat0, lon1, lat1, padding = 40) {
    const [x0, y1] = mercator(lon0, lat0);
    const [x1, y0] = mercator(lon1, lat1);
    const spanX = Math.max(x1 - x0, 1e-6);
    const spanY = Math.max(y1 - y0, 1e-6);
    const scale = Math.min((this.width - 2 * padding) / spanX, (this.height - 2 * padding) / spanY) / TILE;
    this.zoom = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, Math.log2(Math.max(scale, 1e-9))));
    this.center = [(x0 + x1) / 2, (y0 + y1) / 2];
    this.changed();
  }

  home() {
    this.fit(HOME.lon0, HOME.lat0, HOME.lon1, HOME.lat1);
  }

  zoomBy(factor, px = this.width / 2, py = this.height / 2) {
    const before = this.toUnit(px, py);
    this.zoom = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, this.zoom + Math.log2(factor)));
    const after = this.toUnit(px, py);
    // Keep the point under the cursor where it was.
    this.center = [this.center[0] + before[0] - after[0], this.center[1] + before[1] - after[1]];
    this.changed();
  }

  changed() {
    this.clampCenter();
    this.redraw();
    // Ask for new clusters once the user pauses, not on every wheel tick.
    clearTimeout(this.viewTimer);
    this.viewTimer = setTimeout(() => this.onViewChange(), 180);
  }

  clampCenter() {
    this.center = [Math.max(0, Math.min(1, this.center[0])), Math.max(0, Math.min(1, this.center[1]))];
  }

  resize() {
    const rect = this.canvas.getBoundingClientRect();
    this.width = Math.max(rect.width, 1);
    this.height = Math.max(rect.height, 1);
    const ratio = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(this.width * ratio);
    this.canvas.height = Math.round(this.height * ratio);
    this.ratio = ratio;
    this.redraw();
  }

  redraw() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  draw() {
    const { ctx, ratio } = this;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.fillStyle = "#dbe7ef";
    ctx.fillRect(0, 0, this.width, this.height);
    if (this.land) {
      const world = this.worldSize;
      const [ox, oy] = this.toScreen(0, 0);
      ctx.save();
      ctx.setTransform(world * ratio, 0, 0, world * ratio, ox * ratio, oy * ratio);
      ctx.fillStyle = "#f6f3ec";
      ctx.fill(this.land, "nonzero");
      ctx.lineJoin = "round";
      ctx.strokeStyle = "#a8a196";
      ctx.lineWidth = 0.8 / world;
      ctx.stroke(this.borders);
      ctx.strokeStyle = "#9fb3c2";
      ctx.lineWidth = 0.6 / world;
      ctx.stroke(this.land);
      ctx.restore();
      this.drawLabels();
    }
    this.drawClusters();
    this.drawHighlight();
  }

  drawLabels() {
    const { ctx } = this;
    // Degrees² to screen pixels², near enough for "is there room for a name".
    const pixelsPerDegree = this.worldSize / 360;
    const taken = [];
    ctx.font = "11px system-ui, sans-serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.fillStyle = "#8a8172";
    for (const label of this.labels) {
      if (label.area * pixelsPerDegree ** 2 < 2500) continue;
      const [x, y] = this.toScreen(...label.at);
      if (x < 0 || y < 0 || x > this.width || y > this.height) continue;
      const text = this.countryName(label.name);
      const half = ctx.measureText(text).width / 2 + 4;
      const box = [x - half, y - 8, x + half, y + 8];
      if (taken.some((t) => box[0] < t[2] && box[2] > t[0] && box[1] < t[3] && box[3] > t[1])) continue;
      taken.push(box);
      ctx.fillText(text, x, y);
    }
  }

  clusterRadius(cluster) {
    return cluster.count === 1 ? 6 : Math.min(28, 8 + 4 * Math.log2(cluster.count));
  }

  drawClusters() {
    const { ctx } = this;
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.font = "600 11px system-ui, sans-serif";
    // Largest last, so small clusters are never hidden under big ones' labels.
    for (const cluster of [...this.clusters].reverse()) {
      const [x, y] = this.toScreen(...mercator(cluster.longitude, cluster.latitude));
      if (x < -40 || y < -40 || x > this.width + 40 || y > this.height + 40) continue;
      const radius = this.clusterRadius(cluster);
      const dominant = Object.keys(cluster.event_types)[0];
      ctx.beginPath();
      ctx.arc(x, y, radius, 0, 2 * Math.PI);
      ctx.fillStyle = `${typeColor(dominant)}d9`;
      ctx.fill();
      ctx.lineWidth = 1.5;
      ctx.strokeStyle = "#fff";
      ctx.stroke();
      if (cluster.count > 1) {
        ctx.fillStyle = "#fff";
        ctx.fillText(cluster.count > 9999 ? `${Math.round(cluster.count / 1000)}k` : String(cluster.count), x, y);
      }
    }
  }

  drawHighlight() {
    if (!this.highlight) return;
    const [x, y] = this.toScreen(...mercator(this.highlight[0], this.highlight[1]));
    const { ctx } = this;
    ctx.beginPath();
    ctx.arc(x, y, 11, 0, 2 * Math.PI);
    ctx.lineWidth = 3;
    ctx.strokeStyle = "#111";
    ctx.stroke();
  }

  clusterAt(px, py) {
    let best = null;
    let bestDistance = Infinity;
    for (const cluster of this.clusters) {
      const [x, y] = this.toScreen(...mercator(cluster.longitude, cluster.latitude));
      const distance = Math.hypot(px - x, py - y);
      if (distance <= this.clusterRadius(cluster) + 3 && distance < bestDistance) {
        best = cluster;
        bestDistance = distance;
      }
    }
    return best;
  }

  bindEvents() {
    const canvas = this.canvas;
    const point = (event) => {
      const rect = canvas.getBoundingClientRect();
      return [event.clientX - rect.left, event.clientY - rect.top];
    };
    canvas.addEventListener("wheel", (event) => {
      event.preventDefault();
      this.zoomBy(event.deltaY < 0 ? 1.25 : 0.8, ...point(event));
    }, { passive: false });
    canvas.addEventListener("pointerdown", (event) => {
      canvas.setPointerCapture(event.pointerId);
      this.drag = { start: point(event), center: [...this.center], moved: false };
    });
    canvas.addEventListener("pointermove", (event) => {
      const [px, py] = point(event);
      if (this.drag) {
        const dx = px - this.drag.start[0];
        const dy = py - this.drag.start[1];
        if (Math.hypot(dx, dy) > 3) this.drag.moved = true;
        if (this.drag.moved) {
          const world = this.worldSize;
          this.center = [this.drag.center[0] - dx / world, this.drag.center[1] - dy / world];
          this.changed();
        }
        return;
      }
      this.showTooltip(this.clusterAt(px, py), px, py);
    });
    canvas.addEventListener("pointerup", (event) => {
      const drag = this.drag;
      this.drag = null;
      if (!drag || drag.moved) return;
      const cluster = this.clusterAt(...point(event));
      if (!cluster) return;
      const [lon0, lat0, lon1, lat1] = cluster.bbox;
      const onePlace = Math.abs(lon1 - lon0) < 1e-4 && Math.abs(lat1 - lat0) < 1e-4;
      if (cluster.event_id) this.onOpenEvent(cluster.event_id);
      // Several events at one point (or no deeper zoom): list them instead of zooming.
      else if (onePlace || this.zoom >= MAX_ZOOM - 0.01) this.onPickPlace(cluster);
      else this.fit(lon0, lat0, lon1, lat1, 80);
    });
    canvas.addEventListener("pointerleave", () => this.showTooltip(null));
    canvas.addEventListener("dblclick", (event) => this.zoomBy(2, ...point(event)));
  }

  showTooltip(cluster, px = 0, py = 0) {
    const tip = this.tooltip;
    this.canvas.style.cursor = cluster ? "pointer" : "grab";
    if (!cluster) {
      tip.hidden = true;
      return;
    }
    tip.textContent = this.describe(cluster);
    tip.style.left = `${px + 14}px`;
    tip.style.top = `${py + 10}px`;
    tip.hidden = false;
  }
}
