// A bar chart (Chart.js through react-chartjs-2), loaded lazily: only /reports pays for it. The
// canvas is an image named by its title, and the same figures follow in a table for screen
// readers and keyboard users.
import { BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';
import { Bar } from 'react-chartjs-2';

Chart.register(BarElement, CategoryScale, LinearScale, Tooltip);

export interface BarChartProps {
  title: string;
  labels: string[];
  values: number[];
  /** Shown after each value in the table and on the axis, e.g. '%'. */
  unit?: string;
  max?: number;
  headers: [string, string];
}

export default function BarChart({ title, labels, values, unit = '', max, headers }: BarChartProps) {
  const summary = labels.map((label, i) => `${label}: ${values[i]}${unit}`).join(', ');
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <div className="chart-canvas">
        <Bar
          role="img"
          aria-label={`${title}. ${summary}`}
          data={{ labels, datasets: [{ label: title, data: values, backgroundColor: '#0b5cad' }] }}
          options={{
            responsive: true,
            maintainAspectRatio: false,
            animation: false,
            plugins: { tooltip: { callbacks: { label: (item) => `${item.formattedValue}${unit}` } } },
            scales: { y: { beginAtZero: true, ...(max !== undefined ? { max } : {}), ticks: { callback: (v) => `${v}${unit}` } } },
          }}
        />
      </div>
      <details>
        <summary>{headers[0]} / {headers[1]}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{headers[0]}</th>
              <th scope="col">{headers[1]}</th>
            </tr>
          </thead>
          <tbody>
            {labels.map((label, i) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td>{values[i]}{unit}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
