import type { ChartData } from '../summary';

/**
 * A chart drawn by /static/overview.js from its data-series attribute (no inline script: the CSP
 * forbids it; an attribute is escaped by the renderer, so no raw HTML is needed for the JSON).
 */
export function Chart(props: { id: string; title: string; data: ChartData }) {
  return (
    <figure class="overview-chart" id={props.id} data-series={JSON.stringify(props.data)}>
      <figcaption>{props.title}</figcaption>
      <div class="overview-plot"></div>
    </figure>
  );
}
