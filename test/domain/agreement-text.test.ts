import { describe, expect, it } from 'vitest';
import { agreementBlocks, checkAgreementDraft, checkAudience, readAudience } from '../../src/domain/agreement-text';

describe('agreementBlocks', () => {
  it('reads headings, paragraphs and both kinds of list', () => {
    const text = '# Boarding\nWe look after your dog.\nEvery day.\n\n## What to bring\n- Food\n- A lead\n  with a tag\n\n1. Drop off\n2) Pick up\n\nThanks.';
    expect(agreementBlocks(text)).toEqual([
      { kind: 'heading', level: 2, text: 'Boarding' },
      { kind: 'paragraph', lines: ['We look after your dog.', 'Every day.'] },
      { kind: 'heading', level: 3, text: 'What to bring' },
      { kind: 'list', ordered: false, items: ['Food', 'A lead with a tag'] },
      { kind: 'list', ordered: true, items: ['Drop off', 'Pick up'] },
      { kind: 'paragraph', lines: ['Thanks.'] },
    ]);
  });

  it('keeps a plain text as paragraphs, with Windows line ends', () => {
    expect(agreementBlocks('One\r\ntwo\r\n\r\nThree')).toEqual([
      { kind: 'paragraph', lines: ['One', 'two'] },
      { kind: 'paragraph', lines: ['Three'] },
    ]);
  });

  it('does not take "#hashtag" or "-5 °C" for markup', () => {
    expect(agreementBlocks('#1 rule\n-5 degrees')).toEqual([{ kind: 'paragraph', lines: ['#1 rule', '-5 degrees'] }]);
  });
});

describe('checkAgreementDraft', () => {
  it('accepts markup and trims the title', () => {
    expect(checkAgreementDraft({ title: '  Boarding   agreement ', text: '# Rules\n- one\n' })).toEqual({
      ok: true,
      value: { title: 'Boarding agreement', text: '# Rules\n- one' },
    });
  });

  it.each(['<b>bold</b>', 'Hello <script>alert(1)</script>', 'a <!-- note --> b', '<img src=x onerror=alert(1)>', '</p>'])('refuses HTML: %s', (text) => {
    const r = checkAgreementDraft({ title: 'T', text });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.text).toMatch(/cannot contain HTML.*# for a heading/);
  });

  it('allows a lone < or > used as words', () => {
    expect(checkAgreementDraft({ title: 'T', text: 'Dogs < 10 kg and > 2 years' }).ok).toBe(true);
  });

  it('refuses an empty title or text and an over-long text', () => {
    const r = checkAgreementDraft({ title: ' ', text: '\n' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors.title).toMatch(/Enter a title/);
      expect(r.errors.text).toMatch(/Enter the text/);
    }
    const long = checkAgreementDraft({ title: 'T', text: 'x'.repeat(50_001) });
    expect(long.ok).toBe(false);
  });
});

describe('audience', () => {
  it('is every client unless services are chosen, and then needs one', () => {
    expect(checkAudience('all', ['grooming'])).toEqual({ ok: true, value: null });
    expect(checkAudience('services', ['grooming', 'bogus', 'boarding'])).toEqual({ ok: true, value: ['boarding', 'grooming'] });
    expect(checkAudience('services', [])).toEqual({ ok: false, error: expect.stringMatching(/Tick at least one/) });
  });

  it('reads what was stored, and treats garbage as every client', () => {
    expect(readAudience('["grooming"]')).toEqual(['grooming']);
    expect(readAudience(null)).toBeNull();
    expect(readAudience('not json')).toBeNull();
    expect(readAudience('["nope"]')).toBeNull();
  });
});
