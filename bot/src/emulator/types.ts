/**
 * The Bot API objects the emulator produces (a subset of https://core.telegram.org/bots/api, in
 * its exact field names) and the shapes of the control API. Shared by the server and the
 * control client; no runtime code.
 */

export interface User {
  id: number;
  is_bot: boolean;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

export type ChatType = 'private' | 'group' | 'supergroup';

export interface Chat {
  id: number;
  type: ChatType;
  title?: string;
  username?: string;
  first_name?: string;
  last_name?: string;
}

export interface MessageEntity {
  type:
    | 'mention'
    | 'hashtag'
    | 'cashtag'
    | 'bot_command'
    | 'url'
    | 'email'
    | 'phone_number'
    | 'bold'
    | 'italic'
    | 'underline'
    | 'strikethrough'
    | 'spoiler'
    | 'blockquote'
    | 'expandable_blockquote'
    | 'code'
    | 'pre'
    | 'text_link'
    | 'text_mention'
    | 'custom_emoji';
  offset: number;
  length: number;
  url?: string;
  user?: User;
  language?: string;
  custom_emoji_id?: string;
}

export interface InlineKeyboardButton {
  text: string;
  callback_data?: string;
  url?: string;
  [other: string]: unknown;
}

export interface InlineKeyboardMarkup {
  inline_keyboard: InlineKeyboardButton[][];
}

/** Any reply_markup a bot may send (inline keyboard, reply keyboard, remove, force reply). */
export type ReplyMarkup = InlineKeyboardMarkup | { keyboard: unknown[][]; [k: string]: unknown } | { remove_keyboard: true } | { force_reply: true };

export interface Message {
  message_id: number;
  date: number;
  chat: Chat;
  from?: User;
  text?: string;
  entities?: MessageEntity[];
  caption?: string;
  edit_date?: number;
  reply_to_message?: Message;
  reply_markup?: InlineKeyboardMarkup;
  location?: { latitude: number; longitude: number; horizontal_accuracy?: number; live_period?: number };
  voice?: { file_id: string; file_unique_id: string; duration: number; mime_type?: string; file_size?: number };
  sticker?: {
    file_id: string;
    file_unique_id: string;
    type: 'regular';
    width: number;
    height: number;
    is_animated: boolean;
    is_video: boolean;
    emoji?: string;
  };
  photo?: Array<{ file_id: string; file_unique_id: string; width: number; height: number; file_size?: number }>;
}

export interface CallbackQuery {
  id: string;
  from: User;
  message?: Message;
  chat_instance: string;
  data?: string;
}

export interface Update {
  update_id: number;
  message?: Message;
  edited_message?: Message;
  callback_query?: CallbackQuery;
}

export type UpdateType = 'message' | 'edited_message' | 'callback_query';

export interface BotCommand {
  command: string;
  description: string;
}

export type ApiResponse<T = unknown> =
  { ok: true; result: T } | { ok: false; error_code: number; description: string; parameters?: { retry_after?: number; migrate_to_chat_id?: number } };

// ---------------------------------------------------------------------------------------------
// Control API

/** The user (and chat) an injected message comes from. Private chats have chat id = user id. */
export interface InjectFrom {
  /** Chat id; for a private chat defaults to the user id, for a group it is required. */
  chat_id?: number;
  user?: Partial<User> & { id?: number };
  chat_type?: ChatType;
  /** Group title. */
  title?: string;
}

export type InjectMessage = InjectFrom & {
  reply_to_message_id?: number;
  /** Unix seconds; default now. */
  date?: number;
} & (
    | { kind?: 'text'; text: string; entities?: MessageEntity[] }
    | { kind: 'location'; latitude: number; longitude: number; live_period?: number }
    | { kind: 'voice'; duration?: number }
    | { kind: 'sticker'; emoji?: string }
    | { kind: 'photo'; caption?: string }
  );

export interface InjectEdit {
  chat_id: number;
  message_id: number;
  text: string;
  entities?: MessageEntity[];
}

export interface InjectCallback {
  chat_id: number;
  message_id: number;
  /** The button's callback_data; or give `button_text` to press the button with that label. */
  callback_data?: string;
  button_text?: string;
  /** Who presses; default the chat's user. */
  user?: Partial<User> & { id?: number };
}

export interface Injected {
  update_id: number;
  /** Sequence number of the last bot action so far: pass it as `after` to wait for the reply. */
  seq: number;
  /** Whether the update was queued (false when allowed_updates excludes its type). */
  queued: boolean;
  message?: Message;
  callback_query?: CallbackQuery;
}

export type BotActionMethod = 'sendMessage' | 'editMessageText' | 'editMessageReplyMarkup' | 'deleteMessage' | 'answerCallbackQuery' | 'sendChatAction';

/** One successful call of the bot that changed what a user sees, in the order they happened. */
export interface BotAction {
  seq: number;
  /** ms since the epoch. */
  at: number;
  method: BotActionMethod;
  chat_id?: number;
  message_id?: number;
  /** The message as it stands after the action (sendMessage, edits). */
  message?: Message;
  /** The call's parameters as the emulator read them. */
  params: Record<string, unknown>;
}

export interface StoredMessage {
  message: Message;
  from_bot: boolean;
  /** ms since the epoch. */
  sent_at: number;
  edited_at?: number;
  deleted_at?: number;
  /** Every text / markup the message had, oldest first (bot messages). */
  history: Array<{ at: number; text?: string; reply_markup?: InlineKeyboardMarkup }>;
}

export interface CallbackAnswer {
  id: string;
  chat_id: number;
  message_id: number;
  data?: string;
  pressed_at: number;
  answered: boolean;
  answered_at?: number;
  text?: string;
  show_alert?: boolean;
  url?: string;
}

export type FaultKind = '429' | '403' | '500' | '502' | 'drop' | 'drop-after' | 'delay';

export interface FaultSpec {
  /** Bot API method, or '*' for any method except getUpdates. */
  method: string;
  /** Only calls for this chat. */
  chat_id?: number;
  /**
   * 429: Too Many Requests with retry_after; 403: bot blocked (with chat_id and no count: the chat
   * stays blocked until cleared); 500, 502: server errors; drop: the connection is destroyed
   * before the call is executed; drop-after: the call is executed, then the connection is
   * destroyed (the answer is lost); delay: answer after delay_ms.
   */
  kind: FaultKind;
  /** How many matching calls; default 1 (403 with chat_id and no count: permanent). */
  count?: number;
  retry_after?: number;
  delay_ms?: number;
  description?: string;
}

export interface Fault extends FaultSpec {
  id: number;
  /** Calls still to be hit; null = until cleared. */
  remaining: number | null;
  hits: number;
}

export interface WebhookDelivery {
  update_id: number;
  at: number;
  status: number | null;
  error?: string;
  attempt: number;
  secret_token_sent: boolean;
}

/**
 * When an update was first handed to the bot: the getUpdates answer that first carried it, or the
 * first webhook POST of it (ms since the epoch). Later re-deliveries (not yet confirmed) are not
 * recorded again. For measuring "update taken → the bot's answer".
 */
export interface HandedOut {
  update_id: number;
  /** The chat of the update's message (or callback's message); null when it has none. */
  chat_id: number | null;
  at: number;
  via: 'getUpdates' | 'webhook';
}

export interface EmulatorStats {
  calls: Record<string, number>;
  errors: Record<string, number>;
  messages_sent: number;
  updates_injected: number;
  pending_updates: number;
  violations: { chat: number; global: number; group: number };
  /** Most messages any one chat got inside one per-chat window (1 s), over the run. */
  max_per_chat_in_window: number;
  /** Most messages inside one global window (1 s), over the run. */
  max_global_in_window: number;
  webhook_deliveries: number;
  webhook_failures: number;
}
