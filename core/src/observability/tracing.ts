import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  context,
  propagation,
  trace,
  type Attributes,
  type Context,
  type Link,
  type Span,
  type TextMapGetter,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOnSampler,
  BatchSpanProcessor,
  ParentBasedSampler,
  SimpleSpanProcessor,
  TracerProvider,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import type { Logger } from './logger';

export { SpanKind, SpanStatusCode, ROOT_CONTEXT };
export type { Attributes, Context, Span, SpanExporter };

/** Name of the tracer every span of the project is started from. */
export const TRACER_NAME = 'napominalka';

/**
 * W3C trace context + baggage. Used directly by inject/extract below (so they work even before
 * initTracing) and registered as the global propagator (so `propagation.inject` elsewhere agrees).
 */
const propagator = new CompositePropagator({
  propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
});

export interface TracingOptions {
  serviceName: string;
  /** false: nothing is recorded or exported, but context still propagates (traceparent passes through). */
  enabled: boolean;
  /** OTLP/HTTP base endpoint (OTEL_EXPORTER_OTLP_ENDPOINT), e.g. http://otel-collector:4318. */
  otlpEndpoint?: string;
  /** An exporter to use instead of OTLP (tests pass an InMemorySpanExporter); exported synchronously. */
  exporter?: SpanExporter;
  serviceVersion?: string;
  logger?: Logger;
}

export interface TracingHandle {
  readonly enabled: boolean;
  /** Exports what is buffered (no-op when disabled). */
  forceFlush(): Promise<void>;
  /** Flushes, stops the provider and unregisters the globals this call registered. */
  shutdown(): Promise<void>;
}

let current: symbol | undefined;
let recording = false;

/** True while a recording tracer provider is registered: hot paths skip span attributes otherwise. */
export function isTracing(): boolean {
  return recording;
}

/**
 * Registers the process-wide context manager, W3C propagator and (when enabled) a tracer provider.
 * Call once at start-up, before spans are created; a second call replaces the first (tests do this).
 * When disabled no SDK provider is registered: the API's no-op tracer then re-uses the incoming
 * span context, so a message consumed and re-published keeps the upstream traceparent and its
 * sampled flag unchanged.
 */
export function initTracing(opts: TracingOptions): TracingHandle {
  unregisterGlobals();
  const token = Symbol(opts.serviceName);
  current = token;

  const contextManager = new AsyncLocalStorageContextManager();
  contextManager.enable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(propagator);

  let provider: TracerProvider | undefined;
  if (opts.enabled) {
    const processors: SpanProcessor[] = [];
    if (opts.exporter) {
      processors.push(new SimpleSpanProcessor({ exporter: opts.exporter }));
    } else if (opts.otlpEndpoint) {
      processors.push(new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: otlpTracesUrl(opts.otlpEndpoint) }) }));
    } else {
      opts.logger?.warn('tracing enabled without OTEL_EXPORTER_OTLP_ENDPOINT: spans are created but not exported');
    }
    provider = new TracerProvider({
      resource: defaultResource().merge(
        resourceFromAttributes({
          [ATTR_SERVICE_NAME]: opts.serviceName,
          ...(opts.serviceVersion ? { [ATTR_SERVICE_VERSION]: opts.serviceVersion } : {}),
        }),
      ),
      // Parent-based: an upstream sampled=0 decision is honoured, new roots are always sampled.
      sampler: new ParentBasedSampler({ root: new AlwaysOnSampler() }),
      spanProcessors: processors,
    });
    trace.setGlobalTracerProvider(provider);
    recording = true;
  }
  opts.logger?.debug({ enabled: opts.enabled, otlp: Boolean(opts.otlpEndpoint && !opts.exporter) }, 'tracing initialised');

  let stopped = false;
  return {
    enabled: opts.enabled,
    async forceFlush() {
      await provider?.forceFlush();
    },
    async shutdown() {
      if (stopped) return;
      stopped = true;
      try {
        await provider?.shutdown();
      } finally {
        if (current === token) unregisterGlobals();
      }
    },
  };
}

function unregisterGlobals(): void {
  trace.disable();
  propagation.disable();
  context.disable();
  current = undefined;
  recording = false;
}

/** OTEL_EXPORTER_OTLP_ENDPOINT is a base URL; the trace signal lives under /v1/traces. */
export function otlpTracesUrl(endpoint: string): string {
  const base = endpoint.replace(/\/+$/, '');
  return base.endsWith('/v1/traces') ? base : `${base}/v1/traces`;
}

/** Trace headers (traceparent, tracestate, baggage) for the given context, as plain strings. */
export function injectTraceHeaders(ctx: Context = context.active()): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagator.inject(ctx, carrier, {
    set: (c, k, v) => {
      c[k] = v;
    },
  });
  return carrier;
}

function headerValue(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (Buffer.isBuffer(v)) return v.toString('utf8');
  if (v instanceof Uint8Array) return Buffer.from(v).toString('utf8');
  return undefined;
}

/** Reads AMQP-style headers, whose values may be strings, Buffers or anything else (ignored). */
const amqpHeaderGetter: TextMapGetter<Record<string, unknown>> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    let raw = carrier[key];
    if (raw === undefined) {
      const found = Object.keys(carrier).find((k) => k.toLowerCase() === key);
      if (found !== undefined) raw = carrier[found];
    }
    if (Array.isArray(raw)) {
      const values = raw.map(headerValue).filter((x): x is string => x !== undefined);
      return values.length > 0 ? values : undefined;
    }
    return headerValue(raw);
  },
};

/**
 * The remote context carried by message headers, on top of `base` (the root context by default,
 * so a consumer never chains one message's span to whatever happened to be active).
 */
export function extractTraceContext(headers: Record<string, unknown> | undefined | null, base: Context = ROOT_CONTEXT): Context {
  if (!headers) return base;
  return propagator.extract(base, headers, amqpHeaderGetter);
}

export interface WithSpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  /** Parent context (e.g. from extractTraceContext); defaults to the active context. */
  parent?: Context;
  links?: Link[];
}

/** The project's tracer, looked up on each call so a re-initialised provider is always used. */
export function getTracer() {
  return trace.getTracer(TRACER_NAME);
}

/**
 * Runs `fn` inside a new active span. A throw is recorded as an exception, sets the status to
 * ERROR and is re-thrown; a normal return sets OK. The span always ends.
 */
export async function withSpan<T>(name: string, opts: WithSpanOptions, fn: (span: Span) => T | Promise<T>): Promise<T> {
  const parent = opts.parent ?? context.active();
  return getTracer().startActiveSpan(name, { kind: opts.kind ?? SpanKind.INTERNAL, attributes: opts.attributes, links: opts.links }, parent, async (span) => {
    try {
      const result = await fn(span);
      span.setStatus({ code: SpanStatusCode.OK });
      return result;
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      span.recordException(error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
      throw err;
    } finally {
      span.end();
    }
  });
}

/** trace_id / span_id of the active (or given) context, for log lines; empty when there is none. */
export function traceLogFields(ctx: Context = context.active()): { traceId?: string; spanId?: string } {
  const sc = trace.getSpanContext(ctx);
  if (!sc || !trace.isSpanContextValid(sc)) return {};
  return { traceId: sc.traceId, spanId: sc.spanId };
}

// Messaging semantic conventions (incubating in @opentelemetry/semantic-conventions, so the
// keys are copied here as the package recommends rather than imported from /incubating).
export const ATTR_MESSAGING_SYSTEM = 'messaging.system';
export const ATTR_MESSAGING_OPERATION_TYPE = 'messaging.operation.type';
export const ATTR_MESSAGING_OPERATION_NAME = 'messaging.operation.name';
export const ATTR_MESSAGING_DESTINATION_NAME = 'messaging.destination.name';
export const ATTR_MESSAGING_DESTINATION_SUBSCRIPTION_NAME = 'messaging.destination.subscription.name';
export const ATTR_MESSAGING_RABBITMQ_ROUTING_KEY = 'messaging.rabbitmq.destination.routing_key';
export const ATTR_MESSAGING_RABBITMQ_DELIVERY_TAG = 'messaging.rabbitmq.message.delivery_tag';
export const ATTR_MESSAGING_MESSAGE_ID = 'messaging.message.id';
export const ATTR_MESSAGING_MESSAGE_CONVERSATION_ID = 'messaging.message.conversation_id';
export const ATTR_MESSAGING_MESSAGE_BODY_SIZE = 'messaging.message.body.size';
export const ATTR_EVENT_TYPE = 'napominalka.event.type';
export const ATTR_STREAM_ID = 'napominalka.stream.id';
export const ATTR_GLOBAL_POSITION = 'napominalka.global_position';

export interface MessagingSpanInput {
  /** Exchange the message was published to ('' for the default exchange). */
  exchange: string;
  routingKey?: string;
  /** Event id (also the AMQP messageId). */
  messageId?: string;
  /** Correlation id of the event. */
  correlationId?: string;
  eventType?: string;
  streamId?: string;
  /** Global position; bigint/string positions are kept exact as strings beyond 2^53. */
  globalPosition?: bigint | number | string;
  bodySize?: number;
}

export interface ConsumeSpanInput extends MessagingSpanInput {
  /** Queue the message was consumed from. */
  queue?: string;
  deliveryTag?: number;
}

function positionAttr(p: bigint | number | string): number | string {
  if (typeof p === 'number') return p;
  const n = Number(p);
  return Number.isSafeInteger(n) ? n : String(p);
}

function commonMessagingAttributes(m: MessagingSpanInput): Attributes {
  const a: Attributes = {
    [ATTR_MESSAGING_SYSTEM]: 'rabbitmq',
    [ATTR_MESSAGING_DESTINATION_NAME]: m.exchange,
  };
  if (m.routingKey) a[ATTR_MESSAGING_RABBITMQ_ROUTING_KEY] = m.routingKey;
  if (m.messageId) a[ATTR_MESSAGING_MESSAGE_ID] = m.messageId;
  if (m.correlationId) a[ATTR_MESSAGING_MESSAGE_CONVERSATION_ID] = m.correlationId;
  if (m.bodySize !== undefined) a[ATTR_MESSAGING_MESSAGE_BODY_SIZE] = m.bodySize;
  if (m.eventType) a[ATTR_EVENT_TYPE] = m.eventType;
  if (m.streamId) a[ATTR_STREAM_ID] = m.streamId;
  if (m.globalPosition !== undefined) a[ATTR_GLOBAL_POSITION] = positionAttr(m.globalPosition);
  return a;
}

/** Attributes of a PRODUCER span around one publish (span name: publishSpanName). */
export function publishSpanAttributes(m: MessagingSpanInput): Attributes {
  return {
    ...commonMessagingAttributes(m),
    [ATTR_MESSAGING_OPERATION_TYPE]: 'send',
    [ATTR_MESSAGING_OPERATION_NAME]: 'publish',
  };
}

/** Attributes of a CONSUMER span around handling one delivery (span name: consumeSpanName). */
export function consumeSpanAttributes(m: ConsumeSpanInput): Attributes {
  const a: Attributes = {
    ...commonMessagingAttributes(m),
    [ATTR_MESSAGING_OPERATION_TYPE]: 'process',
    [ATTR_MESSAGING_OPERATION_NAME]: 'process',
  };
  if (m.queue) a[ATTR_MESSAGING_DESTINATION_SUBSCRIPTION_NAME] = m.queue;
  if (m.deliveryTag !== undefined) a[ATTR_MESSAGING_RABBITMQ_DELIVERY_TAG] = m.deliveryTag;
  return a;
}

/** "publish <exchange>", per the messaging span-name convention. */
export function publishSpanName(exchange: string): string {
  return `publish ${exchange || 'amq.default'}`;
}

/** "process <queue>" (or the exchange when the queue is unknown). */
export function consumeSpanName(queueOrExchange: string): string {
  return `process ${queueOrExchange || 'amq.default'}`;
}
