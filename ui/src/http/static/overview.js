/* global uPlot, document */
// Draws the overview's charts: each <figure class="overview-chart" data-series="{x, series, unit}">
// becomes a uPlot time series. The tables beside them carry the same figures without JS.
(function () {
  'use strict';
  var COLORS = ['#1f6feb', '#d1242f', '#1a7f37', '#9a6700', '#8250df', '#57606a'];

  function format(unit) {
    if (unit === 'percent')
      return function (u, v) {
        return v == null ? '—' : (v * 100).toFixed(1) + ' %';
      };
    if (unit === 'ms')
      return function (u, v) {
        return v == null ? '—' : Math.round(v) + ' ms';
      };
    return function (u, v) {
      return v == null ? '—' : String(v);
    };
  }

  function draw(fig) {
    var data;
    try {
      data = JSON.parse(fig.getAttribute('data-series') || '');
    } catch {
      return;
    }
    if (!data || !data.x || data.x.length === 0 || typeof uPlot === 'undefined') return;
    var plot = fig.querySelector('.overview-plot');
    if (!plot) return;
    var unit = data.unit || 'count';
    var value = format(unit);
    var opts = {
      width: Math.max(280, plot.clientWidth || 560),
      height: 220,
      series: [{}].concat(
        data.series.map(function (s, i) {
          return { label: s.label, stroke: COLORS[i % COLORS.length], width: 2, spanGaps: false, value: value };
        }),
      ),
      axes: [
        {},
        {
          values: function (u, vals) {
            return vals.map(function (v) {
              return value(u, v);
            });
          },
          size: 70,
        },
      ],
      scales: unit === 'percent' ? { y: { range: [0, 1] } } : {},
    };
    new uPlot(
      opts,
      [data.x].concat(
        data.series.map(function (s) {
          return s.values;
        }),
      ),
      plot,
    );
  }

  function start() {
    var figs = document.querySelectorAll('figure.overview-chart[data-series]');
    for (var i = 0; i < figs.length; i++) draw(figs[i]);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
