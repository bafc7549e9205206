// The calibration report's chart: each assessor's mean distance from their panels'
// median, drawn from the JSON the page carries (the table beside it has the figures).
(function () {
  "use strict";

  function draw() {
    var canvas = document.getElementById("calibration-chart");
    var source = document.getElementById("calibration-data");
    if (!canvas || !source || typeof window.Chart === "undefined") return;
    var data = JSON.parse(source.textContent);
    var styles = getComputedStyle(document.documentElement);
    var text = styles.getPropertyValue("--text").trim() || "#18202b";
    var primary = styles.getPropertyValue("--primary").trim() || "#2c56c9";
    var border = styles.getPropertyValue("--border").trim() || "#d9dee5";
    // A bar per assessor: the box grows with them (set through the CSSOM, which the
    // Content-Security-Policy allows, unlike a style attribute).
    canvas.parentElement.style.height = Math.max(10, data.labels.length * 2.2 + 5) + "rem";
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [{
          label: data.text.deviation,
          data: data.deviation,
          backgroundColor: primary,
          borderRadius: 3,
          maxBarThickness: 22
        }]
      },
      options: {
        indexAxis: "y",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: function (item) {
                return data.text.deviation + ": " + (item.raw === null ? "—" : item.raw);
              }
            }
          }
        },
        scales: {
          x: {
            beginAtZero: true,
            suggestedMax: 1,
            title: { display: true, text: data.text.axis, color: text },
            ticks: { color: text },
            grid: { color: border }
          },
          y: { ticks: { color: text }, grid: { display: false } }
        }
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
