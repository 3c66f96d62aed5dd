/**
 * @napominalka/bot — see DESIGN.md (Layout). This service is built by a later issue;
 * it may import only @napominalka/core.
 */
export {};
