/**
 * The shell: who is signed in (or the sign-in page), the navigation, and the page the path
 * names. Every page but the inbox is loaded on first visit, so the inbox comes up fast.
 */
import { lazy, type ReactNode, Suspense, useEffect, useState } from 'react';
import { InboxPage } from '../pages/inbox-page';
import { SignInPage } from '../pages/sign-in-page';
import { api, ApiProblem, onSignedOut, rememberCsrf } from './api';
import { Link, match, navigate, useLocation } from './router';
import { hasRole, SessionContext } from './session';
import type { Me } from './types';
import { ErrorNote, Loading } from './ui';

const ProcessesPage = lazy(() => import('../pages/processes-page'));
const ProcessVersionPage = lazy(() => import('../pages/process-version-page'));
const ModelerPage = lazy(() => import('../pages/modeler-page'));
const DecisionsPage = lazy(() => import('../pages/decisions-page'));
const InstancesPage = lazy(() => import('../pages/instances-page'));
const InstancePage = lazy(() => import('../pages/instance-page'));
const AnalyticsPage = lazy(() => import('../pages/analytics-page'));
const SimulationPage = lazy(() => import('../pages/simulation-page'));
const AdminPage = lazy(() => import('../pages/admin-page'));

interface PageRoute {
  readonly pattern: string;
  readonly render: (params: Record<string, string>) => ReactNode;
}

const pages: readonly PageRoute[] = [
  { pattern: '/', render: () => <InboxPage /> },
  { pattern: '/inbox', render: () => <InboxPage /> },
  { pattern: '/inbox/:taskId', render: (p) => <InboxPage taskId={p.taskId} /> },
  { pattern: '/processes', render: () => <ProcessesPage /> },
  {
    pattern: '/processes/:processId/:version',
    render: (p) => <ProcessVersionPage processId={p.processId!} version={Number(p.version)} />,
  },
  { pattern: '/modeler', render: () => <ModelerPage /> },
  {
    pattern: '/modeler/:processId/:version',
    render: (p) => <ModelerPage processId={p.processId} version={Number(p.version)} />,
  },
  { pattern: '/decisions', render: () => <DecisionsPage /> },
  { pattern: '/instances', render: () => <InstancesPage /> },
  { pattern: '/instances/:id', render: (p) => <InstancePage id={p.id!} /> },
  { pattern: '/analytics', render: () => <AnalyticsPage /> },
  { pattern: '/analytics/:processId', render: (p) => <AnalyticsPage processId={p.processId} /> },
  { pattern: '/simulation', render: () => <SimulationPage /> },
  { pattern: '/simulation/:processId', render: (p) => <SimulationPage processId={p.processId} /> },
  { pattern: '/admin', render: () => <AdminPage /> },
];

const sections = [
  { href: '/inbox', label: 'Inbox', roles: [] },
  { href: '/processes', label: 'Processes', roles: [] },
  { href: '/instances', label: 'Instances', roles: ['operator', 'user'] },
  { href: '/analytics', label: 'Analytics', roles: ['operator', 'modeler'] },
  { href: '/simulation', label: 'Simulation', roles: ['operator', 'modeler'] },
  { href: '/admin', label: 'Admin', roles: ['admin'] },
] as const;

export function App() {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [error, setError] = useState<unknown>();
  const { path } = useLocation();

  const refresh = (): void => {
    api.get<Me>('/auth/me').then(setMe, (e: unknown) => {
      if (e instanceof ApiProblem && e.status === 401) setMe(null);
      else setError(e);
    });
  };
  useEffect(refresh, []);
  useEffect(() => onSignedOut(() => setMe(null)), []);

  if (error) return <ErrorNote error={error} />;
  if (me === undefined) return <Loading what="your session" />;
  if (me === null) return <SignInPage onSignedIn={refresh} />;

  const signOut = async (): Promise<void> => {
    await api.post('/auth/sign-out').catch(() => undefined);
    rememberCsrf(undefined);
    setMe(null);
    navigate('/', true);
  };
  const current = pages.find((page) => match(page.pattern, path));
  const section =
    sections.find((s) => path === s.href || path.startsWith(`${s.href}/`))?.href ??
    (path === '/' ? '/inbox' : '');

  return (
    <SessionContext.Provider value={me}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="top-bar">
        <Link href="/inbox" className="brand" aria-label="Sluice home">
          Sluice
        </Link>
        <nav aria-label="Main">
          <ul>
            {sections
              .filter((s) => s.roles.length === 0 || hasRole(me, ...s.roles))
              .map((s) => (
                <li key={s.href}>
                  <Link href={s.href} aria-current={section === s.href ? 'page' : undefined}>
                    {s.label}
                  </Link>
                </li>
              ))}
          </ul>
        </nav>
        <div className="who">
          <span title={`tenant ${me.tenant}; roles ${me.roles.join(', ')}`}>{me.name}</span>
          <button type="button" className="link-button" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<Loading what="the page" />}>
          {current ? current.render(match(current.pattern, path)!) : <NotFound path={path} />}
        </Suspense>
      </main>
    </SessionContext.Provider>
  );
}

function NotFound({ path }: { path: string }) {
  return (
    <section>
      <h1>Nothing here</h1>
      <p>
        No page answers <code>{path}</code>. Go to your <Link href="/inbox">inbox</Link>.
      </p>
    </section>
  );
}
