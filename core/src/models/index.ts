/** The model registry shared by inference, the ETL and the CLIs (`@napominalka/core/model-registry`). */
export * from './files';
export { promotionReasonSchema, type PromotionReason } from '@napominalka/domain';
export * from './promotions';
export * from './promote';
export * from './seed';
export * from './metrics';
