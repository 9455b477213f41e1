"""Draws ratios.png from the data report.chart_data() wrote (runs in the harness venv).

    python chart.py chart-data.json ratios.png

One group of horizontal bars per workload, one bar per driver: its time (peak RSS for
the memory row) divided by ours, drawn from 1 on a log scale: to the right, ours is
faster; to the left, ours is slower. A workload where
ours has no figure says so instead of bars.
"""

import json
import math
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#7f7f7f"]


TICKS = (0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100)


def draw(data, path):
    rows = data["rows"]
    present = {bar["driver"] for row in rows for bar in row["bars"] if bar["ratio"]}
    labels = [name for name in data["order"] if name in present]
    color = {name: COLORS[i % len(COLORS)] for i, name in enumerate(data["order"])}
    height = 0.84 / max(1, max(sum(1 for b in row["bars"] if b["ratio"]) for row in rows))
    fig, ax = plt.subplots(figsize=(11, 1.8 + 0.16 * sum(max(2, len(r["bars"])) for r in rows)))
    values = [bar["ratio"] for row in rows for bar in row["bars"] if bar["ratio"]]
    low, high = min(values + [0.5]), max(values + [2.0])
    for y, row in enumerate(rows):
        if not row["ours"]:
            ax.text(math.sqrt(low * high), y, "no figure for mssql-python-go", va="center",
                    ha="center", fontsize=8, color="#555555")
            continue
        _bars(ax, y, row, labels, color, height)
    ax.axvline(1.0, color="black", linewidth=1)
    ax.set_xscale("log")
    ax.set_xlim(low / 1.6, high * 1.6)
    ticks = [t for t in TICKS if low / 1.6 <= t <= high * 1.6]
    ax.set_xticks(ticks)
    ax.set_xticklabels([f"{t:g}x" for t in ticks])
    ax.minorticks_off()
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([row["label"] for row in rows], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("the driver's figure / mssql-python-go's (log scale):  ← ours slower   |   ours faster →")
    ax.set_title(data["title"], fontsize=9)
    handles = [plt.Rectangle((0, 0), 1, 1, color=color[name]) for name in labels]
    ax.legend(handles, labels, fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.grid(axis="x", which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)


def _bars(ax, y, row, labels, color, height):
    present = [bar for bar in row["bars"] if bar["ratio"]]
    start = y - height * (len(present) - 1) / 2
    for index, bar in enumerate(sorted(present, key=lambda b: labels.index(b["driver"]))):
        offset, value = start + index * height, bar["ratio"]
        ax.barh(offset, value - 1, height=height * 0.9, left=1, color=color[bar["driver"]])
        right = value >= 1
        ax.text(value * (1.03 if right else 1 / 1.03), offset, f"{value:.2f}", va="center",
                ha="left" if right else "right", fontsize=6)


def main():
    with open(sys.argv[1]) as source:
        draw(json.load(source), sys.argv[2])


if __name__ == "__main__":
    main()
