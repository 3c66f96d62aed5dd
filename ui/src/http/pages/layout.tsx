import type { Child } from 'hono/jsx';
import type { Session } from '../../store/sessions';

/** Every page's frame: its title, the signed-in user with a log-out form (carrying the CSRF token). */
export function Layout(props: { title: string; session: Session | null; children: Child }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{props.title} · Napominalka</title>
        <link rel="stylesheet" href="/static/ui.css" />
      </head>
      <body>
        <header>
          <strong>Napominalka</strong>
          {props.session ? (
            <form method="post" action="/logout" class="who">
              <span>
                {props.session.username} ({props.session.role})
              </span>
              <input type="hidden" name="_csrf" value={props.session.csrf} />
              <button type="submit">Log out</button>
            </form>
          ) : null}
        </header>
        <main>{props.children}</main>
      </body>
    </html>
  );
}
