import { z } from 'zod';

/**
 * Why a model version became the active one: an operator chose it, an operator went back, or the
 * ETL's candidate evaluation passed. Part of the event catalog (ModelPromoted); the model registry in core re-exports it.
 */
export const promotionReasonSchema = z.enum(['manual', 'rollback', 'evaluation']);
export type PromotionReason = z.infer<typeof promotionReasonSchema>;
