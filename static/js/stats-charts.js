// Charts of the statistics page (Chart.js, vendored): the data comes from the page's json_script
// block, no inline script. Responsive: the boxes follow the width of a phone.
document.addEventListener("DOMContentLoaded", function () {
  var source = document.getElementById("stats-data");
  if (!source || typeof Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var colours = ["#0d6efd", "#dc3545", "#198754", "#fd7e14"];
  function draw(id, chart, stacked) {
    var canvas = document.getElementById(id);
    if (!canvas || !chart) { return; }
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: chart.labels,
        datasets: chart.series.map(function (s, i) {
          return { label: s.label, data: s.data, backgroundColor: colours[i % colours.length] };
        })
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        // Numbers as the page writes them: 3.500 in Vietnamese, 3,500 in English.
        locale: document.documentElement.lang === "vi" ? "vi-VN" : "en-GB",
        scales: { x: { stacked: stacked }, y: { stacked: stacked, beginAtZero: true } }
      }
    });
    canvas.dataset.drawn = "true";
  }
  draw("awards-chart", data.awards, true);
  draw("proposals-chart", data.proposals, false);
});
