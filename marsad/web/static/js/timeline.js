// The timeline: a histogram of events per day, week or month (from /api/stats by_day),
// drawn on a canvas.  Dragging selects a date range; a click selects one bar's period.

const DAY_MS = 86_400_000;

function dayNumber(iso) {
  const [y, m, d] = iso.split("-").map(Number);
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

function isoOf(day) {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

// Bins of the days: [{start, end, count}] with `start`/`end` inclusive day numbers.
export function binDays(byDay) {
  const days = Object.entries(byDay).map(([iso, n]) => [dayNumber(iso), n]);
  if (!days.length) return { unit: "day", bins: [] };
  days.sort((a, b) => a[0] - b[0]);
  const first = days[0][0];
  const last = days[days.length - 1][0];
  const span = last - first + 1;
  const unit = span <= 120 ? "day" : span <= 1100 ? "week" : "month";
  const keyOf = (day) => {
    if (unit === "day") return day;
    if (unit === "week") return Math.floor((day + 3) / 7); // weeks start on Monday (day 0 was a Thursday)
    const date = new Date(day * DAY_MS);
    return date.getUTCFullYear() * 12 + date.getUTCMonth();
  };
  const rangeOf = (key) => {
    if (unit === "day") return [key, key];
    if (unit === "week") return [key * 7 - 3, key * 7 + 3];
    const year = Math.floor(key / 12);
    const month = key % 12;
    return [Date.UTC(year, month, 1) / DAY_MS, Date.UTC(year, month + 1, 0) / DAY_MS];
  };
  const counts = new Map();
  for (const [day, n] of days) counts.set(keyOf(day), (counts.get(keyOf(day)) ?? 0) + n);
  const bins = [];
  // Every bin between the first and the last, empty ones included, so gaps show as gaps.
  for (let key = keyOf(first); key <= keyOf(last); key += 1) {
    const [start, end] = rangeOf(key);
    bins.push({ start, end, count: counts.get(key) ?? 0 });
  }
  return { unit, bins };
}

export class Timeline {
  constructor(canvas, { onRange }) {
    this.canvas = canvas;
    this.ctx = canvas.getContext("2d");
    this.onRange = onRange;
    this.bins = [];
    this.unit = "day";
    this.selection = null; // [from, to] ISO strings
    this.brush = null;
    new ResizeObserver(() => this.resize()).observe(canvas);
    this.bindEvents();
    this.resize();
  }

  setData(byDay, selection) {
    ({ unit: this.unit, bins: this.bins } = binDays(byDay));
    this.selection = selection;
    this.draw();
  }

  resize() {
    const rect = this.canvas.getBoundingClientRect();
    this.width = Math.max(rect.width, 1);
    this.height = Math.max(rect.height, 1);
    this.ratio = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(this.width * this.ratio);
    this.canvas.height = Math.round(this.height * this.ratio);
    this.draw();
  }

  get plot() {
    return { left: 36, right: this.width - 8, top: 6, bottom: this.height - 20 };
  }

  // At most 40 px a bar: a few bins should read as a few bars, not as one block.
  get barWidth() {
    const { left, right } = this.plot;
    return Math.min((right - left) / Math.max(this.bins.length, 1), 40);
  }

  binIndexAt(px) {
    if (!this.bins.length) return -1;
    const index = Math.floor((px - this.plot.left) / this.barWidth);
    return Math.max(0, Math.min(this.bins.length - 1, index));
  }

  draw() {
    const { ctx, ratio } = this;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, this.width, this.height);
    if (!this.bins.length) return;
    const { left, top, bottom } = this.plot;
    const max = Math.max(...this.bins.map((b) => b.count), 1);
    const barWidth = this.barWidth;
    const [from, to] = this.selection ? this.selection.map((d) => (d ? dayNumber(d) : null)) : [null, null];
    const brushed = this.brush ? [Math.min(...this.brush), Math.max(...this.brush)] : null;
    this.bins.forEach((bin, i) => {
      const inSelection = (from === null || bin.end >= from) && (to === null || bin.start <= to);
      const inBrush = brushed && i >= brushed[0] && i <= brushed[1];
      const height = ((bottom - top) * bin.count) / max;
      ctx.fillStyle = inBrush ? "#f4a261" : inSelection ? "#1d3557" : "#b7c3cf";
      ctx.fillRect(left + i * barWidth, bottom - height, Math.max(barWidth - (barWidth > 3 ? 1 : 0), 0.5), height);
    });
    ctx.fillStyle = "#555";
    ctx.font = "10px system-ui, sans-serif";
    ctx.textAlign = "right";
    ctx.textBaseline = "top";
    ctx.fillText(String(max), left - 4, top);
    ctx.textBaseline = "bottom";
    ctx.fillText("0", left - 4, bottom);
    this.drawAxis(barWidth);
  }

  // Labels at the first bar and at year starts (month starts for a short range),
  // spaced so that they never collide.
  drawAxis(barWidth) {
    const { ctx } = this;
    const { left, bottom } = this.plot;
    ctx.textAlign = "left";
    ctx.textBaseline = "top";
    let nextFree = -Infinity;
    this.bins.forEach((bin, i) => {
      const date = new Date(bin.start * DAY_MS);
      let label;
      if (i === 0) label = this.unit === "month" ? isoOf(bin.start).slice(0, 7) : isoOf(bin.start);
      else if (this.unit === "month") label = date.getUTCMonth() === 0 && String(date.getUTCFullYear());
      else label = date.getUTCDate() <= (this.unit === "week" ? 7 : 1) && isoOf(bin.start).slice(0, 7);
      const x = left + i * barWidth;
      if (!label || x < nextFree) return;
      ctx.fillStyle = "#888";
      ctx.fillRect(x, bottom, 1, 4);
      ctx.fillStyle = "#555";
      ctx.fillText(label, x + 2, bottom + 4);
      nextFree = x + ctx.measureText(label).width + 10;
    });
  }

  bindEvents() {
    const canvas = this.canvas;
    const px = (event) => event.clientX - canvas.getBoundingClientRect().left;
    canvas.addEventListener("pointerdown", (event) => {
      if (!this.bins.length) return;
      canvas.setPointerCapture(event.pointerId);
      const index = this.binIndexAt(px(event));
      this.brush = [index, index];
      this.draw();
    });
    canvas.addEventListener("pointermove", (event) => {
      if (!this.brush) return;
      this.brush[1] = this.binIndexAt(px(event));
      this.draw();
    });
    canvas.addEventListener("pointerup", () => {
      if (!this.brush) return;
      const [a, b] = [Math.min(...this.brush), Math.max(...this.brush)];
      this.brush = null;
      this.onRange(isoOf(this.bins[a].start), isoOf(this.bins[b].end));
    });
  }
}
