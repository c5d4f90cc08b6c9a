package dev.gramian.report.html;

/**
 * The study page's styles for small multiples and its one inline script. The script is an
 * enhancement only: charts are complete SVG without it, and every point's exact value is its SVG
 * {@code <title>}, which browsers show on hover with scripts off. With scripts on, the titles move
 * into a tooltip that appears at once ({@code #tip}), and a click on a legend entry hides or shows
 * that series in every panel of its figure.
 */
final class PageScript {
    static final String STYLE = """
            .note { color: #555; font-size: 13px; }
            td.best { background: #eef6ee; }
            table.study-summary td, table.config-diff td { white-space: nowrap; }
            .arrow { color: #2a7a2a; }
            .dot { font-size: 14px; }
            details { margin: 8px 0 14px; }
            details > summary { cursor: pointer; color: #234; font-weight: 600; }
            details.run > summary { font-weight: normal; }
            figure.multiples { margin: 18px 0 26px; }
            figure.multiples figcaption { font-size: 14px; color: #222; margin-bottom: 4px; }
            .legend { display: flex; flex-wrap: wrap; gap: 4px 12px; margin: 4px 0 6px; }
            .legend .key { font: 12px "DejaVu Sans", Helvetica, Arial, sans-serif; background: none; border: 1px solid #ddd;
                           border-radius: 3px; padding: 1px 6px; cursor: pointer; display: inline-flex; align-items: center; gap: 4px; }
            .legend .key.off { opacity: 0.35; text-decoration: line-through; }
            .panels { display: flex; flex-wrap: wrap; gap: 6px 14px; }
            svg.panel { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; overflow: visible; }
            svg.panel text { font-size: 10px; fill: #444; stroke: none; }
            svg.panel text.ptitle { font-size: 12px; font-weight: 600; fill: #222; }
            svg.panel text.axis { font-size: 10.5px; fill: #555; }
            svg.panel .grid line { stroke: #e8e8e8; }
            svg.panel rect.frame { fill: none; stroke: #bbb; }
            svg.panel line.diagonal { stroke: #999; stroke-dasharray: 4 3; }
            svg.panel polyline { stroke-width: 1.8; }
            svg.panel .series circle { stroke-width: 1.2; }
            svg.panel .series.hollow circle { fill: #fff; stroke-dasharray: none; }
            svg.panel circle:hover { stroke: #000; stroke-width: 2; }
            .images { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: flex-start; }
            .images figure { margin: 4px 0; width: 370px; }
            .images figure img { width: 100%; }
            #tip { position: fixed; pointer-events: none; background: #222; color: #fff; font-size: 12px;
                   padding: 3px 7px; border-radius: 3px; white-space: nowrap; z-index: 10; }
            @media print { .legend .key { border: none; } #tip { display: none; } details > summary { color: #000; } }
            """;

    static final String SCRIPT = """
            <script>
            (function () {
              var tip = document.createElement('div');
              tip.id = 'tip';
              tip.hidden = true;
              document.body.appendChild(tip);
              document.querySelectorAll('svg.panel circle > title').forEach(function (title) {
                title.parentNode.setAttribute('data-tip', title.textContent);
                title.parentNode.removeChild(title);
              });
              document.addEventListener('mouseover', function (event) {
                var text = event.target.getAttribute && event.target.getAttribute('data-tip');
                if (!text) { return; }
                tip.textContent = text;
                tip.style.left = (event.clientX + 12) + 'px';
                tip.style.top = (event.clientY + 12) + 'px';
                tip.hidden = false;
              });
              document.addEventListener('mouseout', function (event) {
                if (event.target.getAttribute && event.target.getAttribute('data-tip')) { tip.hidden = true; }
              });
              document.querySelectorAll('.legend .key').forEach(function (key) {
                key.addEventListener('click', function () {
                  var off = key.classList.toggle('off');
                  key.setAttribute('aria-pressed', off ? 'false' : 'true');
                  var figure = key.closest('figure');
                  figure.querySelectorAll('g.series[data-series="' + key.getAttribute('data-series') + '"]')
                    .forEach(function (series) { series.style.display = off ? 'none' : ''; });
                });
              });
            })();
            </script>
            """;

    private PageScript() {}
}
