"""Draw the performance page's benchmark chart from data/bench/performance.json.

Why a hand-written SVG: the chart is two bar panels, the site must build offline from a plain
Python, and a dependency such as matplotlib would be the largest thing in the toolchain. The SVG
carries its own white background and dark text, so it reads the same in the light and dark palettes.

Usage (from anywhere):
    python3 scripts/perf_chart.py [input.json] [output.svg]
Defaults: data/bench/performance.json -> docs/assets/images/perf-mutex-channel.svg
"""

from __future__ import annotations

import json
import math
import sys
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INPUT = ROOT / "data" / "bench" / "performance.json"
DEFAULT_OUTPUT = ROOT / "docs" / "assets" / "images" / "perf-mutex-channel.svg"

WIDTH, HEIGHT = 960, 520
BACKGROUND = "#ffffff"
INK = "#1b1b1f"
MUTED = "#55555f"
GRID = "#dedee3"
# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
SERIES_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7"]
CHANNEL_COLOUR = "#0072B2"
FONT = "font-family=\"system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif\""


def axis_ticks(maximum: float, target_ticks: int = 5) -> list[float]:
    """Evenly spaced tick values from 0 to at least `maximum`, with a 1/2/2.5/5 x 10^k step."""
    if maximum <= 0:
        return [0.0, 1.0]
    raw = maximum / target_ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    count = math.ceil(maximum / step - 1e-9)
    return [step * i for i in range(count + 1)]


def fmt(value: float) -> str:
    if value >= 100:
        return f"{value:.0f}"
    if value >= 10:
        return f"{value:.1f}".rstrip("0").rstrip(".")
    return f"{value:.2f}".rstrip("0").rstrip(".")


class Svg:
    def __init__(self) -> None:
        self.parts: list[str] = []

    def add(self, element: str) -> None:
        self.parts.append(element)

    def text(self, x: float, y: float, content: str, size: int = 13, anchor: str = "start",
             colour: str = INK, weight: str = "normal", rotate: float | None = None) -> None:
        transform = f' transform="rotate({rotate} {x:.1f} {y:.1f})"' if rotate is not None else ""
        self.add(f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
                 f'fill="{colour}" font-weight="{weight}"{transform}>{escape(content)}</text>')

    def line(self, x1: float, y1: float, x2: float, y2: float, colour: str, width: float = 1) -> None:
        self.add(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                 f'stroke="{colour}" stroke-width="{width}"/>')

    def rect(self, x: float, y: float, w: float, h: float, colour: str, label: str = "") -> None:
        tooltip = f"<title>{escape(label)}</title>" if label else ""
        self.add(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{colour}">'
                 f"{tooltip}</rect>")


def axis(svg: Svg, left: float, top: float, width: float, height: float, ticks: list[float],
         label: str) -> None:
    """Horizontal grid lines with tick labels and a rotated y-axis label."""
    top_value = ticks[-1]
    for value in ticks:
        y = top + height - height * value / top_value
        svg.line(left, y, left + width, y, GRID)
        svg.text(left - 6, y + 4, fmt(value), size=11, anchor="end", colour=MUTED)
    svg.line(left, top + height, left + width, top + height, INK)
    svg.text(left - 44, top + height / 2, label, size=12, anchor="middle", colour=MUTED, rotate=-90)


def whisker(svg: Svg, x: float, y_low: float, y_high: float) -> None:
    svg.line(x, y_low, x, y_high, INK, 1.2)
    svg.line(x - 3, y_low, x + 3, y_low, INK, 1.2)
    svg.line(x - 3, y_high, x + 3, y_high, INK, 1.2)


def counter_panel(svg: Svg, data: dict, left: float, top: float, width: float, height: float) -> None:
    results = data["counter"]["results"]
    kinds = list(dict.fromkeys(r["kind"] for r in results))
    tasks = list(dict.fromkeys(r["tasks"] for r in results))
    ticks = axis_ticks(max(max(r["ns_per_op_runs"]) for r in results) * 1.08)
    top_value = ticks[-1]
    svg.text(left, top - 34, "Shared counter: ns per increment", size=15, weight="600")
    svg.text(left, top - 16, "median of runs; lower is better", size=12, colour=MUTED)
    axis(svg, left, top, width, height, ticks, "ns per increment")

    group_w = width / len(tasks)
    bar_w = group_w * 0.8 / len(kinds)
    for g, n in enumerate(tasks):
        gx = left + g * group_w + group_w * 0.1
        for k, kind in enumerate(kinds):
            r = next(r for r in results if r["kind"] == kind and r["tasks"] == n)
            value = r["ns_per_op_median"]
            h = height * value / top_value
            x = gx + k * bar_w
            svg.rect(x + 1, top + height - h, bar_w - 2, h, SERIES_COLOURS[k % len(SERIES_COLOURS)],
                     f"{kind}, {n} tasks: median {fmt(value)} ns")
            low, high = min(r["ns_per_op_runs"]), max(r["ns_per_op_runs"])
            cx = x + bar_w / 2
            y_low = top + height - height * low / top_value
            y_high = top + height - height * high / top_value
            whisker(svg, cx, y_low, y_high)
            label_y = min(top + height - h, y_high) - 5
            svg.text(cx, label_y, fmt(value), size=10, anchor="middle")
        svg.text(left + g * group_w + group_w / 2, top + height + 18,
                 f"{n} task{'s' if n != 1 else ''}", size=12, anchor="middle")

    # Legend below the axis, two columns.
    for k, kind in enumerate(kinds):
        lx = left + (k % 2) * (width / 2)
        ly = top + height + 40 + (k // 2) * 20
        svg.rect(lx, ly - 10, 12, 12, SERIES_COLOURS[k % len(SERIES_COLOURS)])
        svg.text(lx + 18, ly, kind, size=12)


def channel_panel(svg: Svg, data: dict, left: float, top: float, width: float, height: float) -> None:
    results = data["mpsc"]["results"]
    millions = [[v / 1e6 for v in r["msgs_per_sec_runs"]] for r in results]
    ticks = axis_ticks(max(max(runs) for runs in millions) * 1.08)
    top_value = ticks[-1]
    producers = data["mpsc"]["producers"]
    svg.text(left, top - 34, "tokio mpsc: million messages/s", size=15, weight="600")
    svg.text(left, top - 16, f"{producers} producers, 1 consumer; higher is better", size=12, colour=MUTED)
    axis(svg, left, top, width, height, ticks, "million messages per second")

    slot = width / len(results)
    bar_w = slot * 0.6
    for i, (r, runs) in enumerate(zip(results, millions, strict=True)):
        value = r["msgs_per_sec_median"] / 1e6
        h = height * value / top_value
        x = left + i * slot + (slot - bar_w) / 2
        svg.rect(x, top + height - h, bar_w, h, CHANNEL_COLOUR,
                 f"capacity {r['label']}: median {fmt(value)} M msg/s")
        cx = x + bar_w / 2
        y_high = top + height - height * max(runs) / top_value
        whisker(svg, cx, top + height - height * min(runs) / top_value, y_high)
        svg.text(cx, min(top + height - h, y_high) - 5, fmt(value), size=10, anchor="middle")
        svg.text(cx, top + height + 18, r["label"], size=12, anchor="middle")
    svg.text(left + width / 2, top + height + 40, "channel capacity", size=12, anchor="middle", colour=MUTED)


def render(data: dict) -> str:
    machine, build, rt = data["machine"], data["build"], data["runtime"]
    svg = Svg()
    svg.add(f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" rx="8" fill="{BACKGROUND}" '
            f'stroke="{GRID}"/>')
    counter_panel(svg, data, left=80, top=70, width=360, height=290)
    channel_panel(svg, data, left=570, top=70, width=360, height=290)
    machine_line = (f"Measured on {machine['logical_cpus']} logical CPUs ({machine['cpu_model']}, "
                    f"{machine['os']}), {build['rustc']}, {build['profile']} build")
    runtime_line = (f"tokio {build['tokio']}, {rt['flavor']} runtime with {rt['worker_threads']} workers. "
                    f"Bars: median of {data['counter']['runs']} runs; whiskers: fastest to slowest run.")
    svg.text(WIDTH / 2, HEIGHT - 32, machine_line, size=11, anchor="middle", colour=MUTED)
    svg.text(WIDTH / 2, HEIGHT - 15, runtime_line, size=11, anchor="middle", colour=MUTED)

    title = "std vs tokio Mutex under contention, and tokio mpsc throughput by capacity"
    desc = "; ".join(
        [f"{r['kind']} with {r['tasks']} tasks: {fmt(r['ns_per_op_median'])} ns per increment"
         for r in data["counter"]["results"]]
        + [f"mpsc capacity {r['label']}: {fmt(r['msgs_per_sec_median'] / 1e6)} million messages per second"
           for r in data["mpsc"]["results"]])
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
            f'height="{HEIGHT}" role="img" aria-labelledby="perf-title perf-desc" {FONT}>'
            f'<title id="perf-title">{escape(title)}</title><desc id="perf-desc">{escape(desc)}</desc>')
    return head + "".join(svg.parts) + "</svg>\n"


def main(argv: list[str]) -> int:
    source = Path(argv[1]) if len(argv) > 1 else DEFAULT_INPUT
    target = Path(argv[2]) if len(argv) > 2 else DEFAULT_OUTPUT
    data = json.loads(source.read_text(encoding="utf-8"))
    if data.get("quick"):
        print(f"{source} was produced with --quick; refusing to chart a smoke run", file=sys.stderr)
        return 1
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render(data), encoding="utf-8")
    print(f"wrote {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
