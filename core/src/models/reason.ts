import { z } from 'zod';

/**
 * Why a model version became the active one: an operator chose it, an operator went back, or the
 * ETL's candidate evaluation passed. Kept free of imports so the event catalog can use it.
 */
export const promotionReasonSchema = z.enum(['manual', 'rollback', 'evaluation']);
export type PromotionReason = z.infer<typeof promotionReasonSchema>;
