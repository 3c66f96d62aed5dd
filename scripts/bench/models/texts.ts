/** What bench:models sends: fixed texts (both versions are the same model, so every text must get the same answer throughout). */
export const TEXTS = [
  'напомни завтра в 9 позвонить бабушке',
  'напомни через 15 минут выключить духовку',
  'напомни мне в пятницу в 18:30 забрать посылку на почте',
  'каждый понедельник в 10 напомни про созвон с командой',
  'по будням в 8:00 напомни выпить таблетки',
  'не забыть послезавтра утром оплатить интернет',
  'через 2 часа напомни проверить почту от бухгалтерии',
  'напомни сегодня в 23:15 вынести мусор 🙏',
  'эй, напомни через полчаса полить цветы на балконе',
  'что у меня на завтра',
  'отмени напоминание про стоматолога',
  'отложи на 10 минут',
  'я теперь живу в Новосибирске',
  'привет, как дела?',
  'remind me tomorrow at 9 to call grandma',
  'remind me in 40 minutes to turn off the oven',
  'please remind me to pay the internet bill on friday at 6:30pm',
  'every monday at 10 remind me to sync with the team about the release',
  'remind me on weekdays at 8am to take my pills',
  "don't let me forget to return the library books in 3 days",
  'hey, remind me to water the plants tonight',
  'show my reminders',
  'cancel the reminder about the dentist',
  'snooze 10 minutes',
  "I'm in London now",
  'thanks!',
] as const;
const ZONES = ['Europe/Moscow', 'Europe/Berlin', 'Asia/Novosibirsk', 'Europe/London', 'America/New_York'] as const;
export const SENT_AT = '2026-03-12T10:15:00+03:00';
export const zoneOf = (chatId: number) => ZONES[chatId % ZONES.length]!;
