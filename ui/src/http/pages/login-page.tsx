import type { Lang } from '../i18n/lang';
import { defineMessages, fmt, pick } from '../i18n/messages';
import { Layout } from './layout';

const messages = defineMessages({
  en: {
    title: 'Log in',
    user: 'User',
    password: 'Password',
    submit: 'Log in',
    wrong: 'Wrong user name or password.',
    limited: 'Too many failed log-ins: try again in {min} min.',
  },
  ru: {
    title: 'Вход',
    user: 'Пользователь',
    password: 'Пароль',
    submit: 'Войти',
    wrong: 'Неверное имя пользователя или пароль.',
    limited: 'Слишком много неудачных попыток: попробуйте через {min} мин.',
  },
});

/** Why a log-in was refused. */
export type LoginError = { code: 'wrong' } | { code: 'limited'; minutes: number };

export function LoginPage(props: { lang: Lang; csrf: string; next: string; error?: LoginError; username?: string }) {
  const m = pick(messages, props.lang);
  const error = props.error ? (props.error.code === 'limited' ? fmt(m.limited, { min: props.error.minutes }) : m.wrong) : null;
  return (
    <Layout title={m.title} session={null} lang={props.lang} path={`/login?next=${encodeURIComponent(props.next)}`}>
      <h1>{m.title}</h1>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
      <form method="post" action="/login">
        <input type="hidden" name="_csrf" value={props.csrf} />
        <input type="hidden" name="next" value={props.next} />
        <label>
          {m.user} <input name="username" autocomplete="username" required value={props.username ?? ''} />
        </label>
        <label>
          {m.password} <input name="password" type="password" autocomplete="current-password" required />
        </label>
        <button type="submit">{m.submit}</button>
      </form>
    </Layout>
  );
}
