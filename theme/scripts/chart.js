/* Chart: levels per axis drawn in SVG, a radar for three axes or more, bars below that; its keys. */
(() => {
  "use strict";
  const PH = globalThis.PartneringHandbook;
  const { el } = PH;
  const SVG_NS = "http://www.w3.org/2000/svg";
  // Drawn at its box's real width (one unit is one CSS pixel), so its text keeps the size the style
  // sheet gives it on any screen; 680 until the chart is on the page and its width is known.
  const DRAWN_WIDTH = 680, LINE = 17, EDGE = 4, LABEL_GAP = 14, MIN_RING = 28;

  // A text's anchor names the edge where its line starts, which a right-to-left page puts on
  // the right: the chart keeps its geometry (an axis's name beside its end, the numbers left of
  // their lines) by naming the other edge there, while the text itself reads right to left.
  const MIRRORED = { start: "end", end: "start" };

  function svg(tag, attributes, parent) {
    const element = document.createElementNS(SVG_NS, tag);
    const rtl = document.documentElement.dir === "rtl";
    if (tag === "text") attributes = Object.assign({ "text-anchor": "start" }, attributes);
    Object.keys(attributes || {}).forEach((name) => {
      const value = name === "text-anchor" && rtl ? MIRRORED[attributes[name]] || attributes[name] : attributes[name];
      element.setAttribute(name, value);
    });
    if (parent) parent.appendChild(element);
    return element;
  }

  /** The width a text takes on screen; an estimate while the chart is not yet on the page. */
  function textWidth(probe, text) {
    probe.textContent = text;
    return probe.getComputedTextLength() || String(text).length * 8;
  }

  /** Break a name into lines no wider than width; null when one of its words alone is wider. */
  function wrapWords(probe, text, width) {
    const lines = [];
    let line = "", fits = true;
    String(text).split(/\s+/).forEach((word) => {
      const longer = line ? line + " " + word : word;
      if (textWidth(probe, word) > width) fits = false;
      if (line && textWidth(probe, longer) > width) { lines.push(line); line = word; } else line = longer;
    });
    if (line) lines.push(line);
    return fits ? lines : null;
  }

  function label(parent, x, y, lines, anchor, className) {
    const node = svg("text", { x: x, y: y, "text-anchor": anchor, "class": className || "chart-label" }, parent);
    lines.forEach((line, i) => { svg("tspan", { x: x, dy: i ? LINE : 0 }, node).textContent = line; });
    return node;
  }

  /**
   * Draw a chart of levels per axis: radar for three axes or more, bars below that.
   * chart = {title, axes: [name], max: N, scale: [level name], series: [{name, className, values: [position|null]}],
   *          axisKey: element shown when the chart is too narrow for the names and numbers its axes instead}
   */
  function drawChart(chart) {
    const root = svg("svg", { role: "img", "class": "chart", focusable: "false" });
    function redraw(width) {
      root.replaceChildren();
      svg("title", {}, root).textContent = chart.title;
      const numbered = (chart.axes.length >= 3 ? drawRadar : drawBars)(chart, root, width);
      if (chart.axisKey) chart.axisKey.hidden = !numbered;
      root.drawnWidth = width;
    }
    redraw(DRAWN_WIDTH);
    fitToBox(root, redraw);
    return root;
  }

  /** Redraw the chart whenever its box's width changes. */
  function fitToBox(root, redraw) {
    if (typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(() => {
      // Taken off the page (the results were drawn anew): observed no more.
      if (!root.isConnected) { if (root.fitted) observer.disconnect(); return; }
      const width = Math.floor(root.getBoundingClientRect().width);
      // Drawn once more even at the same width: off the page, the names could not be measured.
      if (!width || (root.fitted && width === root.drawnWidth)) return;
      root.fitted = true;
      // Drawn at once, after layout and before the paint, so the chart's new height never moves
      // what follows it on screen (a redraw takes a few milliseconds).
      redraw(width);
    });
    observer.observe(root);
  }

  /** Set the view to the drawing's height (its width is the box's), with a margin so no text is cut. */
  function fitView(root, width, top, height) {
    const box = root.isConnected ? root.getBBox() : null;
    if (box && box.height) { top = box.y; height = box.height; }
    root.setAttribute("viewBox", [0, top - EDGE, width, height + 2 * EDGE].join(" "));
  }

  /** True when two of the chart's texts touch, or one leaves the chart's width (names too long to fit). */
  function textsCollide(root, width) {
    if (!root.isConnected) return false;
    const boxes = Array.prototype.map.call(root.querySelectorAll("text"), (node) => node.getBBox());
    return boxes.some((a, i) => {
      if (a.x < EDGE - 0.5 || a.x + a.width > width - EDGE + 0.5) return true;
      return boxes.slice(i + 1).some((b) =>
        a.x < b.x + b.width + 2 && b.x < a.x + a.width + 2 && a.y < b.y + b.height + 2 && b.y < a.y + a.height + 2);
    });
  }

  /** Draw a radar with the axes' names, or, where they do not fit, their numbers; return whether numbered. */
  function drawRadar(chart, root, width) {
    const probe = svg("text", { "class": "chart-label" }, root);
    const labelWidth = Math.min(150, Math.round(width * 0.22)), radius = Math.min(180, width / 2 - labelWidth - LABEL_GAP - EDGE);
    const names = chart.axes.map((name) => wrapWords(probe, name, labelWidth));
    const numberWidth = textWidth(probe, String(chart.axes.length));
    root.removeChild(probe);
    if (radius >= MIN_RING * chart.max && names.every(Boolean)) {
      drawRadarWith(chart, root, width, radius, names);
      if (!textsCollide(root, width)) return false;
      root.replaceChildren(root.firstChild);
    }
    const numbers = chart.axes.map((_, i) => [String(i + 1)]);
    drawRadarWith(chart, root, width, Math.min(180, width / 2 - numberWidth - LABEL_GAP - EDGE), numbers);
    return true;
  }

  function drawRadarWith(chart, root, width, radius, labels) {
    const cx = width / 2, cy = 0, n = chart.axes.length;
    function point(i, distance) {
      const angle = -Math.PI / 2 + 2 * Math.PI * i / n;
      return [cx + distance * Math.cos(angle), cy + distance * Math.sin(angle)];
    }
    const at = (i, value) => point(i, radius * value / chart.max);
    const ring = (value) => chart.axes.map((_, i) => at(i, value).join(",")).join(" ");
    const grid = svg("g", { "class": "chart-grid" }, root);
    for (let level = 1; level <= chart.max; level++) svg("polygon", { points: ring(level) }, grid);
    labels.forEach((lines, i) => {
      const end = at(i, chart.max);
      svg("line", { x1: cx, y1: cy, x2: end[0], y2: end[1] }, grid);
      radarLabel(root, point(i, radius + LABEL_GAP), -Math.PI / 2 + 2 * Math.PI * i / n, lines);
    });
    chart.series.forEach((series) => { drawSeries(root, series, at, n); });
    // Only the level's number sits on the scale, just above its ring and right of the top axis, clear of
    // that axis's markers and of the ring's edges; names of any length go in the key beside the chart.
    // Drawn last, with a halo (CSS), so a series line passing by never hides a number.
    chart.scale.forEach((name, i) => {
      svg("text", { x: cx + 9, y: cy - radius * (i + 1) / chart.max - 6, "class": "chart-scale" }, root).textContent = String(i + 1);
    });
    const reach = radius + LABEL_GAP + 4 * LINE;
    fitView(root, width, cy - reach, 2 * reach);
  }

  /** An axis's label beyond its end: above the chart's upper half, below its lower half, centred beside it. */
  function radarLabel(root, at, angle, lines) {
    const cos = Math.cos(angle), sin = Math.sin(angle);
    const anchor = cos > 0.25 ? "start" : cos < -0.25 ? "end" : "middle";
    // A name over the top axis stands higher, clear of the top ring's number beside that axis.
    const above = at[1] - (lines.length - 1) * LINE - (anchor === "middle" ? 10 : 0);
    const y = sin < -0.25 ? above : sin > 0.25 ? at[1] + 12 : at[1] + 5 - (lines.length - 1) * LINE / 2;
    label(root, at[0], y, lines, anchor);
  }

  function drawSeries(root, series, at, n) {
    const group = svg("g", { "class": "series " + series.className }, root), complete = series.values.every(Boolean);
    if (complete) svg("polygon", { points: series.values.map((v, i) => at(i, v).join(",")).join(" ") }, group);
    series.values.forEach((value, i) => {
      const next = series.values[(i + 1) % n];
      if (!complete && value && next) {
        const a = at(i, value), b = at((i + 1) % n, next);
        svg("line", { x1: a[0], y1: a[1], x2: b[0], y2: b[1] }, group);
      }
    });
    series.values.forEach((value, i) => { if (value) marker(group, at(i, value), series.marker); });
  }

  /** The key to a chart's scale: each level's number and name, as text that wraps on any screen. */
  function scaleKey(names, t) {
    const levels = names.map((name, i) =>
      el("span", { className: "chart-scale-level", text: t("level_value", { position: i + 1, level: name }) }));
    return el("p", { className: "chart-scale-key" }, [el("span", { className: "chart-scale-key-label", text: t("chart_scale_key") })].concat(levels));
  }

  /** The key to a chart's axes, shown only while the chart numbers them (hidden until then). */
  function axisKey(names, t) {
    const axes = names.map((name, i) =>
      el("span", { className: "chart-scale-level", text: t("chart_axis_value", { position: i + 1, name: name }) }));
    const key = el("p", { className: "chart-scale-key chart-axis-key" }, [el("span", { className: "chart-scale-key-label", text: t("chart_axis_key") })].concat(axes));
    key.hidden = true;
    return key;
  }

  function marker(parent, at, shape) {
    if (shape === "square") svg("rect", { x: at[0] - 5, y: at[1] - 5, width: 10, height: 10, "class": "marker" }, parent);
    else svg("circle", { cx: at[0], cy: at[1], r: 5.5, "class": "marker" }, parent);
  }

  /** Draw one row of bars per axis, its name wrapped beside it (numbered if a word is too long); return whether numbered. */
  function drawBars(chart, root, width) {
    const probe = svg("text", { "class": "chart-label" }, root);
    const left = Math.min(190, Math.round(width * 0.4)), barWidth = width - left - 20, bars = 30 * chart.series.length + 26;
    let names = chart.axes.map((name) => wrapWords(probe, name, left - 10 - EDGE));
    const numbered = !names.every(Boolean);
    root.removeChild(probe);
    if (numbered) names = chart.axes.map((_, i) => [String(i + 1)]);
    const tops = [];
    let height = 8;
    names.forEach((lines) => { tops.push(height); height += Math.max(bars, lines.length * LINE + 12); });
    height += 30;
    const grid = svg("g", { "class": "chart-grid" }, root);
    for (let level = 1; level <= chart.max; level++) {
      const x = left + barWidth * level / chart.max;
      svg("line", { x1: x, y1: 0, x2: x, y2: height - 26 }, grid);
      svg("text", { x: x - 4, y: height - 8, "text-anchor": "end", "class": "chart-scale" }, root).textContent = String(level);
    }
    names.forEach((lines, i) => {
      label(root, left - 10, tops[i] + 18, lines, "end");
      chart.series.forEach((series, s) => {
        const value = series.values[i];
        if (value) svg("rect", { x: left, y: tops[i] + s * 30, width: barWidth * value / chart.max, height: 22, "class": "bar" }, svg("g", { "class": "series " + series.className }, root));
      });
    });
    root.setAttribute("viewBox", "0 0 " + width + " " + height);
    return numbered;
  }

  Object.assign(PH, { drawChart, scaleKey, axisKey });
})();
