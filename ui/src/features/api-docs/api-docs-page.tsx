import type { apiDocsMessages } from './messages';

type M = (typeof apiDocsMessages)['en'];
type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** A JSON value pretty-printed (escaped as text by JSX). */
const Json = ({ v }: { v: unknown }) => <pre class="json">{JSON.stringify(v, null, 2)}</pre>;

function schemaOf(content: unknown): unknown {
  const c = obj(content);
  return Object.entries(c).map(([type, v]) => ({ type, schema: obj(v).schema }));
}

function Operation({ path, method, op, m }: { path: string; method: string; op: Obj; m: M }) {
  const body = obj(op.requestBody);
  return (
    <section class="operation">
      <h2>
        <code>{method.toUpperCase()}</code> <code>{path}</code>
      </h2>
      {typeof op.summary === 'string' && <p>{op.summary}</p>}
      <p>
        {m.security}: {op.security ? JSON.stringify(op.security) : m.none}
      </p>
      {op.requestBody !== undefined && (
        <>
          <h3>{m.requestBody}</h3>
          <Json v={schemaOf(body.content)} />
        </>
      )}
      <h3>{m.responses}</h3>
      <dl>
        {Object.entries(obj(op.responses)).map(([code, r]) => (
          <>
            <dt>
              <code>{code}</code> {String(obj(r).description ?? '')}
            </dt>
            <dd>{obj(r).content !== undefined && <Json v={schemaOf(obj(r).content)} />}</dd>
          </>
        ))}
      </dl>
    </section>
  );
}

/** The OpenAPI document rendered server-side: each path and method, then the component schemas. */
export function ApiDocsView({ doc, m }: { doc: Obj; m: M }) {
  const info = obj(doc.info);
  const ops = Object.entries(obj(doc.paths)).flatMap(([p, item]) =>
    METHODS.filter((x) => obj(item)[x] !== undefined).map((x) => <Operation path={p} method={x} op={obj(obj(item)[x])} m={m} />),
  );
  const schemas = obj(obj(doc.components).schemas);
  return (
    <>
      <h1>
        {String(info.title ?? m.title)} <small>{String(info.version ?? '')}</small>
      </h1>
      {typeof info.description === 'string' && <p>{info.description}</p>}
      {ops}
      {Object.keys(schemas).length > 0 && (
        <>
          <h2>{m.schemas}</h2>
          {Object.entries(schemas).map(([n, s]) => (
            <>
              <h3 id={`schema-${n}`}>{n}</h3>
              <Json v={s} />
            </>
          ))}
        </>
      )}
    </>
  );
}
