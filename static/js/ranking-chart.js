// Horizontal bar chart of the ranking's totals; the data comes from the page's json_script block (no
// inline script). Unit names are long ("Ủy ban Kiểm tra Thành ủy Nha Trang"): they wrap onto lines
// that fit the width left for them (at most three, the last one shortened with "…"), the box grows
// with the number of lines, and the tooltip always shows the full name.
document.addEventListener("DOMContentLoaded", function () {
  var source = document.getElementById("ranking-data");
  var canvas = document.getElementById("ranking-chart");
  if (!source || !canvas || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var box = canvas.parentElement;
  var MAX_LINES = 3;

  function wrap(name, width) {
    var lines = [];
    var line = "";
    String(name).split(/\s+/).forEach(function (word) {
      if (line && (line + " " + word).length > width) {
        lines.push(line);
        line = word;
      } else {
        line = line ? line + " " + word : word;
      }
    });
    if (line) { lines.push(line); }
    if (lines.length > MAX_LINES) {
      lines = lines.slice(0, MAX_LINES);
      lines[MAX_LINES - 1] += "…";
    }
    return lines;
  }

  function layout() {
    // About 7 px per character at 12 px: the labels get at most 45% of the box.
    var narrow = box.clientWidth < 576;
    var perLine = Math.max(12, Math.floor((box.clientWidth * (narrow ? 0.45 : 0.35)) / 7));
    var labels = data.labels.map(function (name) { return wrap(name, perLine); });
    var lines = labels.reduce(function (sum, label) { return sum + label.length; }, 0);
    // 15 px a line of text, 14 px between bars, 40 px for the axis.
    box.style.height = Math.max(256, lines * 15 + labels.length * 14 + 40) + "px";
    return { labels: labels, fontSize: narrow ? 11 : 12 };
  }

  var first = layout();
  var chart = new Chart(canvas, {
    type: "bar",
    data: { labels: first.labels, datasets: [{ data: data.totals, backgroundColor: "#dc3545" }] },
    options: {
      indexAxis: "y",
      maintainAspectRatio: false,
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { title: function (items) { return data.labels[items[0].dataIndex]; } } }
      },
      scales: {
        x: { beginAtZero: true },
        y: { ticks: { autoSkip: false, font: { size: first.fontSize } } }
      },
      locale: document.documentElement.lang === "vi" ? "vi-VN" : "en-GB"
    }
  });

  var width = box.clientWidth;
  window.addEventListener("resize", function () {
    if (box.clientWidth === width) { return; }
    width = box.clientWidth;
    var again = layout();
    chart.data.labels = again.labels;
    chart.options.scales.y.ticks.font.size = again.fontSize;
    chart.update();
  });
});
