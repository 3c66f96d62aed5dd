import { Layout } from './layout';

export function LoginPage(props: { csrf: string; next: string; error?: string; username?: string }) {
  return (
    <Layout title="Log in" session={null}>
      <h1>Log in</h1>
      {props.error ? <p class="error" role="alert">{props.error}</p> : null}
      <form method="post" action="/login">
        <input type="hidden" name="_csrf" value={props.csrf} />
        <input type="hidden" name="next" value={props.next} />
        <label>
          User <input name="username" autocomplete="username" required value={props.username ?? ''} />
        </label>
        <label>
          Password <input name="password" type="password" autocomplete="current-password" required />
        </label>
        <button type="submit">Log in</button>
      </form>
    </Layout>
  );
}
