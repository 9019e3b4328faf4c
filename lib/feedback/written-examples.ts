import type { WrittenExample } from './training-set.ts';

/**
 * English sentences written by the team for the classes of comment the data rarely shows, used
 * as training examples (training-set.ts). They are kept apart from the sentences the tests check
 * (tests/feedback/hard-cases.ts): none is repeated there, and the tests are written to differ in
 * wording, not only in nouns. Each is one verdict a person would agree on.
 */
export const WRITTEN_TRAINING_EXAMPLES: readonly WrittenExample[] = [
  // Praise built from negative words.
  { text: 'The team could not have been kinder.', label: 'happy' },
  { text: 'Honestly nothing negative to report, great experience.', label: 'happy' },
  { text: 'Zero complaints from me.', label: 'happy' },
  { text: "I can't fault the service at all.", label: 'happy' },
  { text: 'Never had a single problem with this seller.', label: 'happy' },
  { text: 'Not one thing went wrong.', label: 'happy' },
  { text: "Couldn't ask for a better shop.", label: 'happy' },
  { text: 'No issues at all, it works exactly as it should.', label: 'happy' },
  { text: 'Nothing to complain about, very pleased.', label: 'happy' },
  { text: 'It never lets me down.', label: 'happy' },
  // Counterfactual and conditional verdicts.
  { text: 'It would be great if the strap did not snap.', label: 'unhappy' },
  { text: 'Would have been a lovely coat had the zip worked.', label: 'unhappy' },
  { text: 'If only the colour matched the photo.', label: 'unhappy' },
  { text: 'I would give five stars if it actually charged.', label: 'unhappy' },
  { text: "I'd love it if it didn't leak everywhere.", label: 'unhappy' },
  { text: 'Could have been perfect, but the seams split.', label: 'unhappy' },
  { text: 'I wanted to like it, I really did.', label: 'unhappy' },
  { text: 'It should have been a bargain, it was not.', label: 'unhappy' },
  // Contrast where the last clause carries the verdict.
  { text: 'Lovely packaging, shame the jar was half empty.', label: 'unhappy' },
  { text: 'The courier was polite, pity the table wobbles.', label: 'unhappy' },
  { text: 'Pricey, but honestly worth it.', label: 'happy' },
  { text: 'Slow to arrive, yet I am delighted with it.', label: 'happy' },
  { text: 'Looks smart, but it stopped working after a week.', label: 'unhappy' },
  { text: 'A bit fiddly to set up, then it runs beautifully.', label: 'happy' },
  // Problems already solved.
  { text: 'The first one was faulty but they swapped it straight away, superb service.', label: 'happy' },
  { text: 'There was a mix-up with my order, sorted within a day. Thank you!', label: 'happy' },
  { text: 'Parcel went missing, they sent another at once. Top marks.', label: 'happy' },
  { text: 'I had a billing query and it was resolved quickly and kindly.', label: 'happy' },
  { text: 'Arrived dented but the replacement came the next morning, very impressed.', label: 'happy' },
  // Complaints phrased as requests or questions.
  { text: 'When will I actually get my money back?', label: 'unhappy' },
  { text: 'Why has nobody answered my emails?', label: 'unhappy' },
  { text: 'Please stop sending me the wrong size.', label: 'unhappy' },
  { text: 'Can you explain why I was billed again?', label: 'unhappy' },
  { text: 'Is anyone going to reply about my broken kettle?', label: 'unhappy' },
  { text: 'Where is the parcel I paid for three weeks ago?', label: 'unhappy' },
  { text: 'Could someone please cancel this and refund me?', label: 'unhappy' },
];
