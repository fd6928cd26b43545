// Cutting text a client sent (or Razorpay wrote) to a bounded length.

/**
 * At most `max` UTF-16 units of `text`, never ending in the first half of a surrogate pair: an
 * emoji cut in the middle leaves a lone surrogate, which is not Unicode (strict JSON decoders refuse
 * it; stored, it comes back as U+FFFD or not at all).
 */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const last = text.charCodeAt(max - 1);
  const end = last >= 0xd800 && last <= 0xdbff ? max - 1 : max;
  return text.slice(0, Math.max(0, end));
}
