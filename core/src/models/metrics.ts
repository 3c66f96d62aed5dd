import { Counter, Gauge } from 'prom-client';
import { registry } from '../observability/metrics';

/**
 * What a model-serving process (inference) counts about its model, on the process registry every
 * service serves on /metrics. Here rather than in inference because prom-client is core's dependency.
 */
export const modelServingMetrics = {
  swaps: new Counter({
    name: 'napominalka_inference_model_swaps_total',
    help: 'Model loads and swaps by result: swapped (serving the new version), unchanged (already served), refused (corrupt, incompatible or missing: the active model stays)',
    labelNames: ['result'],
    registers: [registry],
  }),
  refusals: new Counter({
    name: 'napominalka_inference_model_refusals_total',
    help: 'Model versions refused at load, by cause (missing-card, invalid-card, incompatible, missing-file, checksum, onnx, ...)',
    labelNames: ['failure'],
    registers: [registry],
  }),
  info: new Gauge({
    name: 'napominalka_inference_model_info',
    help: '1 for the model version this process serves',
    labelNames: ['version'],
    registers: [registry],
  }),
};

export function setServedVersion(version: string): void {
  modelServingMetrics.info.reset();
  modelServingMetrics.info.set({ version }, 1);
}
