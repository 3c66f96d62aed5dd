import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../../core/src/bench/report';
import { seededRandom } from '../../../core/src/random/seeded-random';

// Message generator: realistic requests and chatter, ru and en, at most 200 characters.

const RU = {
  trigger: ['напомни', 'напомни мне', 'Напомни пожалуйста', 'напомните', 'не забыть', 'эй, напомни', 'напомни плз', 'нпомни'],
  time: [
    'завтра в 9',
    'завтра в 7:45',
    'через 15 минут',
    'через 40 минут',
    'через 2 часа',
    'через полтора часа',
    'в пятницу в 18:30',
    'во вторник вечером',
    'послезавтра утром',
    'сегодня вечером',
    'сегодня в 23:15',
    'каждый понедельник в 10',
    'по будням в 8:00',
    'каждый день в 21:00',
    '3 апреля',
    '28.05 в 12:00',
    'через неделю',
    'в 7 вечера',
    'через полчаса',
    'в субботу днём',
    'через 3 дня',
    'в среду в половине девятого',
    'зафтра в 8',
    'по выходным в 11',
  ],
  task: [
    'позвонить бабушке',
    'купить молоко, хлеб и яйца',
    'оплатить интернет',
    'забрать посылку на почте',
    'записаться к стоматологу',
    'полить цветы на балконе',
    'отправить отчёт Ивану Петровичу',
    'выключить духовку',
    'забрать Машу из садика',
    'продлить страховку на машину',
    'сдать книги в библиотеку',
    'выпить таблетки',
    'проверить почту от бухгалтерии',
    'созвон с командой по релизу',
    'поздравить Олега с днём рождения',
    'вынести мусор',
  ],
  tail: [
    ', и не забыть взять документы, паспорт и квитанцию, которая лежит в синей папке на столе',
    ' — это важно, в прошлый раз я забыл и пришлось платить штраф',
    ' и заодно узнать, работают ли они в субботу',
    ', номер записан в заметках',
    ' (если не получится — перенести на вечер)',
  ],
  other: [
    'что у меня на завтра',
    'покажи список напоминаний',
    'отмени напоминание про стоматолога',
    'отложи на 10 минут',
    'я теперь живу в Новосибирске',
    'спасибо!',
    'привет, как дела?',
    'какая завтра погода?',
    'ок',
    'вчера был у врача',
  ],
};
const EN = {
  trigger: ['remind me', 'remind me to', 'Please remind me to', 'hey, remind me to', "don't let me forget to", 'reminder:', 'remidn me to'],
  time: [
    'tomorrow at 9',
    'tomorrow at 7:45am',
    'in 15 minutes',
    'in 40 minutes',
    'in 2 hours',
    'on friday at 6:30pm',
    'tuesday evening',
    'the day after tomorrow',
    'tonight',
    'at 11pm',
    'every monday at 10',
    'on weekdays at 8am',
    'every day at 9pm',
    'on April 3',
    'in a week',
    'at 7 pm',
    'in half an hour',
    'saturday afternoon',
    'in 3 days',
    'tomorow morning',
    'every weekend at 11',
  ],
  task: [
    'call grandma',
    'buy milk, bread and eggs',
    'pay the internet bill',
    'pick up the parcel at the post office',
    'book a dentist appointment',
    'water the plants',
    'send the report to Jonathan',
    'turn off the oven',
    'pick up Emma from school',
    'renew the car insurance',
    'return the library books',
    'take my pills',
    'check the email from accounting',
    'sync with the team about the release',
    'wish Oliver a happy birthday',
    'take out the trash',
  ],
  tail: [
    ' and bring the documents, the passport and the receipt in the blue folder on my desk',
    " — it's important, last time I forgot and had to pay a fine",
    ' and ask whether they are open on saturday',
    ', the number is in my notes',
    ' (if that does not work, move it to the evening)',
  ],
  other: [
    "what's on my list for tomorrow",
    'show my reminders',
    'cancel the reminder about the dentist',
    'snooze 10 minutes',
    "I'm in London now",
    'thanks!',
    'hi there',
    "what's the weather tomorrow?",
    'ok',
    'I was at the doctor yesterday',
  ],
};
const EMOJI = [' 🙏', ' 🔥', ' ✅', ' 😅', ''];

/** Texts of the eval corpora are not used: a generated text equal to one is drawn again. */
function corpusTexts(): Set<string> {
  const out = new Set<string>();
  for (const file of [path.join(ROOT, '..', 'shared', 'eval', 'parse-dev.jsonl'), path.join(ROOT, '..', 'shared', 'eval', 'parse-test.jsonl')]) {
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        out.add(
          String((JSON.parse(line) as { text: string }).text)
            .toLowerCase()
            .trim(),
        );
      } catch {
        // not ours to validate
      }
    }
  }
  return out;
}

export function generator(seed: number, maxChars: number) {
  const r = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const banned = corpusTexts();
  let skipped = 0;
  const one = (): string => {
    const L = r() < 0.6 ? RU : EN;
    if (r() < 0.15) return pick(L.other) + pick(EMOJI);
    const trigger = pick(L.trigger);
    const time = pick(L.time);
    const task = pick(L.task) + (r() < 0.25 ? pick(L.tail) : '');
    const order = r();
    const text = (order < 0.5 ? `${trigger} ${time} ${task}` : order < 0.85 ? `${trigger} ${task} ${time}` : `${time} ${trigger} ${task}`) + pick(EMOJI);
    return text.length <= maxChars ? text : `${trigger} ${time} ${pick(L.task)}`;
  };
  return {
    next(): string {
      for (;;) {
        const t = one();
        if (!banned.has(t.toLowerCase().trim())) return t;
        skipped++;
      }
    },
    get skippedCorpusTexts() {
      return skipped;
    },
  };
}

export const ZONES = ['Europe/Moscow', 'Europe/Berlin', 'Asia/Novosibirsk', 'Europe/London', 'America/New_York', 'Asia/Yekaterinburg', 'Asia/Tokyo'];
