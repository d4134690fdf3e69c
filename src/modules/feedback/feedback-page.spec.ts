import { UN_LANGUAGES } from '../../platform/http/validators';
import { FEEDBACK_PAGE_TEXT, renderFeedbackPage } from './feedback-page';
import type { FeedbackView } from './feedback.service';

const view = (over: Partial<FeedbackView> = {}): FeedbackView => ({
  language: 'en',
  conference: { title: 'Regional conference <Abu Dhabi> & partners', city: 'Abu Dhabi', startsOn: '2040-02-17', endsOn: '2040-02-18' },
  rating: null,
  comment: null,
  answeredAt: null,
  open: true,
  ...over,
});

describe('the feedback page', () => {
  it.each(UN_LANGUAGES)('has every text in %s, not left in English', (language) => {
    const t = FEEDBACK_PAGE_TEXT[language];
    for (const text of [t.heading, t.intro, t.rating, t.comment, t.send, t.saved, t.closed, t.current, t.unknown, ...t.scale]) expect(text.trim()).not.toBe('');
    expect(t.current).toContain('{rating}');
    if (language !== 'en') expect(t.intro).not.toBe(FEEDBACK_PAGE_TEXT.en.intro);
    expect(t.dir).toBe(language === 'ar' ? 'rtl' : 'ltr');
  });

  it('is a form without scripts, right-to-left in Arabic, with the answer given so far', () => {
    const html = renderFeedbackPage(view({ language: 'ar', rating: 4, comment: '<script>x</script>' }), 'tok_en');
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="ar" dir="rtl">/);
    expect(html).not.toMatch(/<script/);
    expect(html).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(html).toContain('<bdi>Regional conference &lt;Abu Dhabi&gt; &amp; partners</bdi>');
    expect(html).toContain('<form method="post" action="/feedback/tok_en">');
    expect(html).toContain('value="4" required checked');
    expect(html.match(/type="radio"/g)).toHaveLength(5);
  });

  it('shows no form once the report is submitted', () => {
    const html = renderFeedbackPage(view({ open: false, rating: 5 }), 'tok');
    expect(html).not.toContain('<form');
    expect(html).toContain(FEEDBACK_PAGE_TEXT.en.closed);
    expect(html).toContain('Your recorded rating: 5 out of 5.');
  });
});
