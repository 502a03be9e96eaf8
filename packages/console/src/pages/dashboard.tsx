import type { AppStats } from '@latchkey/admin';
import { BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';
import { Bar } from 'react-chartjs-2';
import { DataTable } from '../components/data-table.js';
import { Show } from '../components/states.js';
import { useConsole } from '../context.js';
import { useLoad } from '../load.js';

Chart.register(BarElement, CategoryScale, LinearScale, Legend, Tooltip);

const HOURS = 24;
const HOUR_MS = 3_600_000;
const COLORS: Record<string, string> = {
  'api-key succeeded': '#1e88e5',
  'local-userpass succeeded': '#43a047',
  'anon-user succeeded': '#8e24aa',
  'api-key failed': '#e53935',
  'local-userpass failed': '#fb8c00',
  'anon-user failed': '#6d4c41',
};

/** One series per provider and outcome, one bar per hour of the window (hours without logins at 0). */
function series(stats: AppStats) {
  const since = Date.parse(stats.since);
  const hours = Array.from({ length: HOURS }, (_, n) => since + n * HOUR_MS);
  const names = [...new Set(stats.logins.map((login) => `${login.provider} ${login.outcome}`))].sort();
  return {
    labels: hours.map((hour) => new Date(hour).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })),
    datasets: names.map((name) => ({
      label: name,
      backgroundColor: COLORS[name] ?? '#757575',
      stack: name.endsWith('failed') ? 'failed' : 'succeeded',
      data: hours.map((hour) =>
        stats.logins
          .filter((login) => `${login.provider} ${login.outcome}` === name && Date.parse(login.hour) === hour)
          .reduce((sum, login) => sum + login.count, 0),
      ),
    })),
  };
}

function Figure({ label, value, detail, id }: { label: string; value: number; detail?: string; id: string }) {
  return (
    <article className="figure" data-testid={id}>
      <p className="figure-value">{value.toLocaleString()}</p>
      <p className="figure-label">{label}</p>
      {detail ? <small className="muted">{detail}</small> : null}
    </article>
  );
}

export function Dashboard() {
  const { admin, app } = useConsole();
  const stats = useLoad(() => admin.getStats(app, { hours: HOURS }), [admin, app]);
  return (
    <section>
      <hgroup>
        <h2>Dashboard</h2>
        <p>{app}: the last 24 hours</p>
      </hgroup>
      <Show loaded={stats}>
        {(data) => {
          const total = (outcome: string) =>
            data.logins.filter((login) => login.outcome === outcome).reduce((sum, login) => sum + login.count, 0);
          const chart = series(data);
          return (
            <>
              <div className="figures">
                <Figure id="logins-succeeded" label="Successful logins" value={total('succeeded')} detail="last 24 hours" />
                <Figure id="logins-failed" label="Refused logins" value={total('failed')} detail="last 24 hours" />
                <Figure id="users" label="Users" value={data.users.total} detail={`${data.users.disabled} disabled`} />
                <Figure id="user-keys" label="Active user keys" value={data.user_keys.active} detail={`of ${data.user_keys.total}`} />
                <Figure
                  id="server-keys"
                  label="Active server keys"
                  value={data.server_keys.active}
                  detail={`of ${data.server_keys.total}`}
                />
              </div>
              <article>
                <h3>Logins per hour</h3>
                {data.logins.length === 0 ? (
                  <p className="empty">No logins in the last 24 hours (they are counted from the audit log).</p>
                ) : (
                  <div className="chart">
                    <Bar
                      data={chart}
                      aria-label="Logins per hour by provider and outcome"
                      role="img"
                      options={{
                        responsive: true,
                        maintainAspectRatio: false,
                        animation: false,
                        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
                      }}
                    />
                  </div>
                )}
                <details>
                  <summary>The numbers</summary>
                  <DataTable
                    rows={data.logins}
                    rowKey={(login) => `${login.hour} ${login.provider} ${login.outcome}`}
                    columns={[
                      { label: 'Hour', cell: (login) => new Date(login.hour).toLocaleString() },
                      { label: 'Provider', cell: (login) => login.provider },
                      { label: 'Outcome', cell: (login) => login.outcome },
                      { label: 'Logins', cell: (login) => login.count },
                    ]}
                  />
                </details>
              </article>
            </>
          );
        }}
      </Show>
    </section>
  );
}
