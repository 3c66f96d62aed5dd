import { ROOT_CONTEXT, SpanKind, SpanStatusCode, TraceFlags, context, propagation, trace } from '@opentelemetry/api';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { afterEach, describe, expect, it } from 'vitest';
import {
  consumeSpanAttributes,
  consumeSpanName,
  extractTraceContext,
  initTracing,
  injectTraceHeaders,
  otlpTracesUrl,
  publishSpanAttributes,
  publishSpanName,
  traceLogFields,
  withSpan,
  type TracingHandle,
} from './tracing';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const SPAN_ID = 'b7ad6b7169203331';
const TRACEPARENT = `00-${TRACE_ID}-${SPAN_ID}-01`;

/** What amqplib hands a consumer: header values arrive as Buffers (long strings), next to other junk. */
function asAmqpHeaders(h: Record<string, string>): Record<string, unknown> {
  return {
    ...Object.fromEntries(Object.entries(h).map(([k, v]) => [k, Buffer.from(v, 'utf8')])),
    'x-death': [{ count: 1, queue: 'q', reason: 'rejected' }],
    'x-attempt': 2,
  };
}

let handle: TracingHandle | undefined;
afterEach(async () => {
  await handle?.shutdown();
  handle = undefined;
});

describe('inject / extract', () => {
  it('round-trips the trace id through AMQP headers whose values are Buffers', () => {
    const ctx = trace.setSpanContext(ROOT_CONTEXT, { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: TraceFlags.SAMPLED });
    const headers = injectTraceHeaders(ctx);
    expect(headers.traceparent).toBe(TRACEPARENT);

    const extracted = extractTraceContext(asAmqpHeaders(headers));
    const sc = trace.getSpanContext(extracted);
    expect(sc).toMatchObject({ traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: TraceFlags.SAMPLED, isRemote: true });
  });

  it('accepts string values and a differently cased key', () => {
    const sc = trace.getSpanContext(extractTraceContext({ TraceParent: TRACEPARENT }));
    expect(sc?.traceId).toBe(TRACE_ID);
  });

  it('yields the base context for missing or malformed headers', () => {
    expect(extractTraceContext(undefined)).toBe(ROOT_CONTEXT);
    expect(trace.getSpanContext(extractTraceContext({}))).toBeUndefined();
    expect(trace.getSpanContext(extractTraceContext({ traceparent: Buffer.from('garbage') }))).toBeUndefined();
    expect(trace.getSpanContext(extractTraceContext({ traceparent: 42 }))).toBeUndefined();
  });

  it('injects nothing when there is no span', () => {
    expect(injectTraceHeaders(ROOT_CONTEXT)).toEqual({});
  });

  it('keeps the trace id across publish → AMQP → consume with real spans', async () => {
    const exporter = new InMemorySpanExporter();
    handle = initTracing({ serviceName: 'test', enabled: true, exporter });

    const { headers, producer } = await withSpan('publish x', { kind: SpanKind.PRODUCER }, (span) => ({
      headers: injectTraceHeaders(),
      producer: span.spanContext(),
    }));
    expect(headers.traceparent).toBe(`00-${producer.traceId}-${producer.spanId}-01`);

    const consumer = await withSpan('process q', { kind: SpanKind.CONSUMER, parent: extractTraceContext(asAmqpHeaders(headers)) }, (span) =>
      span.spanContext(),
    );
    expect(consumer.traceId).toBe(producer.traceId);
    const spans = exporter.getFinishedSpans();
    expect(spans.find((s) => s.name === 'process q')?.parentSpanContext?.spanId).toBe(producer.spanId);
  });
});

describe('withSpan (enabled, in-memory exporter)', () => {
  it('records a child span of the extracted remote context, active inside fn', async () => {
    const exporter = new InMemorySpanExporter();
    handle = initTracing({ serviceName: 'test', enabled: true, exporter });
    const parent = extractTraceContext(asAmqpHeaders({ traceparent: TRACEPARENT }));

    const seen = await withSpan(
      'process napominalka.events',
      { kind: SpanKind.CONSUMER, parent, attributes: { 'napominalka.event.type': 'MessageReceived' } },
      async (span) => {
        await new Promise((r) => setTimeout(r, 1)); // the span stays active across awaits
        return {
          active: trace.getActiveSpan()?.spanContext().spanId,
          own: span.spanContext().spanId,
          headers: injectTraceHeaders(),
          log: traceLogFields(),
        };
      },
    );

    expect(seen.active).toBe(seen.own);
    expect(seen.headers.traceparent).toBe(`00-${TRACE_ID}-${seen.own}-01`);
    expect(seen.log).toEqual({ traceId: TRACE_ID, spanId: seen.own });

    const [span, ...rest] = exporter.getFinishedSpans();
    expect(rest).toHaveLength(0);
    expect(span?.name).toBe('process napominalka.events');
    expect(span?.kind).toBe(SpanKind.CONSUMER);
    expect(span?.spanContext().traceId).toBe(TRACE_ID);
    expect(span?.parentSpanContext).toMatchObject({ traceId: TRACE_ID, spanId: SPAN_ID, isRemote: true });
    expect(span?.attributes['napominalka.event.type']).toBe('MessageReceived');
    expect(span?.status.code).toBe(SpanStatusCode.OK);
    expect(span?.resource.attributes['service.name']).toBe('test');
    expect(span?.ended).toBe(true);
  });

  it('records the exception, sets ERROR, ends the span and rethrows', async () => {
    const exporter = new InMemorySpanExporter();
    handle = initTracing({ serviceName: 'test', enabled: true, exporter });

    await expect(
      withSpan('fails', { parent: extractTraceContext({ traceparent: TRACEPARENT }) }, () => {
        throw new TypeError('boom');
      }),
    ).rejects.toThrow('boom');

    const [span] = exporter.getFinishedSpans();
    expect(span?.parentSpanContext?.spanId).toBe(SPAN_ID);
    expect(span?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'boom' });
    const ev = span?.events.find((e) => e.name === 'exception');
    expect(ev?.attributes?.['exception.type']).toBe('TypeError');
    expect(ev?.attributes?.['exception.message']).toBe('boom');
    expect(span?.ended).toBe(true);
  });

  it('nests spans through the active context', async () => {
    const exporter = new InMemorySpanExporter();
    handle = initTracing({ serviceName: 'test', enabled: true, exporter });
    await withSpan('outer', {}, () => withSpan('inner', {}, () => undefined));
    const spans = exporter.getFinishedSpans();
    const outer = spans.find((s) => s.name === 'outer');
    const inner = spans.find((s) => s.name === 'inner');
    expect(inner?.parentSpanContext?.spanId).toBe(outer?.spanContext().spanId);
    expect(outer?.parentSpanContext).toBeUndefined();
  });
});

describe('disabled tracing', () => {
  it('records nothing but passes the incoming traceparent through unchanged', async () => {
    handle = initTracing({ serviceName: 'test', enabled: false });
    const parent = extractTraceContext(asAmqpHeaders({ traceparent: TRACEPARENT, tracestate: 'vendor=x' }));

    const out = await withSpan('process q', { kind: SpanKind.CONSUMER, parent }, async (span) => {
      await Promise.resolve();
      const viaGlobal: Record<string, string> = {};
      propagation.inject(context.active(), viaGlobal); // what the event store does on append
      return { recording: span.isRecording(), headers: injectTraceHeaders(), viaGlobal };
    });

    expect(out.recording).toBe(false);
    expect(out.headers).toEqual({ traceparent: TRACEPARENT, tracestate: 'vendor=x' });
    expect(out.viaGlobal.traceparent).toBe(TRACEPARENT);
  });

  it('still rethrows from withSpan', async () => {
    handle = initTracing({ serviceName: 'test', enabled: false });
    await expect(withSpan('x', {}, () => Promise.reject(new Error('nope')))).rejects.toThrow('nope');
  });

  it('a re-initialised process drops the previous provider', async () => {
    const exporter = new InMemorySpanExporter();
    const first = initTracing({ serviceName: 'test', enabled: true, exporter });
    handle = initTracing({ serviceName: 'test', enabled: false });
    await first.shutdown(); // must not unregister the second initialisation's globals
    await withSpan('after', { parent: extractTraceContext({ traceparent: TRACEPARENT }) }, () => {
      expect(injectTraceHeaders().traceparent).toBe(TRACEPARENT);
    });
    expect(exporter.getFinishedSpans()).toHaveLength(0);
  });
});

describe('messaging attributes', () => {
  it('follows the RabbitMQ messaging conventions on publish', () => {
    expect(
      publishSpanAttributes({
        exchange: 'napominalka.events',
        routingKey: 'chat-42',
        messageId: '018f0000-0000-7000-8000-000000000000',
        eventType: 'ReminderDue',
        streamId: 'chat-42',
        globalPosition: 17n,
      }),
    ).toEqual({
      'messaging.system': 'rabbitmq',
      'messaging.operation.type': 'send',
      'messaging.operation.name': 'publish',
      'messaging.destination.name': 'napominalka.events',
      'messaging.rabbitmq.destination.routing_key': 'chat-42',
      'messaging.message.id': '018f0000-0000-7000-8000-000000000000',
      'napominalka.event.type': 'ReminderDue',
      'napominalka.stream.id': 'chat-42',
      'napominalka.global_position': 17,
    });
    expect(publishSpanName('napominalka.events')).toBe('publish napominalka.events');
  });

  it('adds queue and delivery tag on consume and keeps huge positions exact', () => {
    const a = consumeSpanAttributes({
      exchange: '',
      queue: 'projector',
      deliveryTag: 7,
      globalPosition: '9007199254740993',
    });
    expect(a).toMatchObject({
      'messaging.system': 'rabbitmq',
      'messaging.operation.type': 'process',
      'messaging.destination.name': '',
      'messaging.destination.subscription.name': 'projector',
      'messaging.rabbitmq.message.delivery_tag': 7,
      'napominalka.global_position': '9007199254740993',
    });
    expect(a).not.toHaveProperty('messaging.rabbitmq.destination.routing_key');
    expect(consumeSpanName('projector')).toBe('process projector');
  });
});

describe('OTLP/HTTP export', () => {
  it('posts finished spans to <endpoint>/v1/traces on shutdown', async () => {
    const received: { method?: string; url?: string; body: string }[] = [];
    const collector = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        received.push({ method: req.method, url: req.url, body: body.toString('latin1') });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((r) => collector.listen(0, '127.0.0.1', r));
    try {
      const { port } = collector.address() as AddressInfo;
      handle = initTracing({ serviceName: 'otlp-test', enabled: true, otlpEndpoint: `http://127.0.0.1:${port}/` });
      await withSpan('exported-span', {}, () => undefined);
      await handle.shutdown();
      expect(received).toHaveLength(1);
      expect(received[0]).toMatchObject({ method: 'POST', url: '/v1/traces' });
      expect(received[0]?.body).toContain('exported-span');
      expect(received[0]?.body).toContain('otlp-test');
    } finally {
      await new Promise((r) => collector.close(r));
    }
  });
});

describe('otlpTracesUrl', () => {
  it('appends the traces path to a base endpoint once', () => {
    expect(otlpTracesUrl('http://collector:4318')).toBe('http://collector:4318/v1/traces');
    expect(otlpTracesUrl('http://collector:4318/')).toBe('http://collector:4318/v1/traces');
    expect(otlpTracesUrl('http://collector:4318/v1/traces')).toBe('http://collector:4318/v1/traces');
  });
});
