/**
 * Sign-in, and the first admin: while no admin exists, `sluice serve` prints a one-time set-up
 * token on its stderr, which this page takes with the new admin's name and password.
 */
import { type FormEvent, useState } from 'react';
import { api, rememberCsrf } from '../app/api';
import { ErrorNote } from '../app/ui';

export function SignInPage({ onSignedIn }: { onSignedIn: () => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [token, setToken] = useState('');
  const [settingUp, setSettingUp] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      if (settingUp) await api.post('/setup', { token: token.trim(), username, password });
      const answer = await api.post<{ csrfToken: string }>('/auth/sign-in', { username, password });
      rememberCsrf(answer.csrfToken);
      onSignedIn();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main id="main" className="sign-in">
      <form onSubmit={(e) => void submit(e)} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">{settingUp ? 'Create the first admin' : 'Sign in to Sluice'}</h1>
        {settingUp && (
          <label>
            Set-up token
            <input
              name="token"
              value={token}
              onChange={(e) => setToken(e.target.value)}
              required
              autoComplete="off"
              aria-describedby="token-help"
            />
            <small id="token-help">
              <code>sluice serve</code> printed it on its standard error.
            </small>
          </label>
        )}
        <label>
          User name
          <input
            name="username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            required
            autoComplete="username"
            autoFocus
          />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
            minLength={settingUp ? 10 : 1}
            autoComplete={settingUp ? 'new-password' : 'current-password'}
          />
        </label>
        <ErrorNote error={error} />
        <button type="submit" className="primary" disabled={busy}>
          {settingUp ? 'Create and sign in' : 'Sign in'}
        </button>
        <button type="button" className="link-button" onClick={() => setSettingUp(!settingUp)}>
          {settingUp ? 'I have an account' : 'First start? Create the first admin'}
        </button>
      </form>
    </main>
  );
}
