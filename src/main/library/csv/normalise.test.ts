import { describe, expect, it } from 'vitest';
import { matchKey, normaliseArtist, normaliseTitle } from './normalise.ts';

describe('song matching keys', () => {
  it('folds case, accents, punctuation and edition notes', () => {
    expect(normaliseTitle('Café del Mar (Remastered 2011)')).toBe('cafe del mar');
    expect(normaliseTitle("Don't Stop Me Now - 2011 Remaster")).toBe('don t stop me now');
    expect(normaliseTitle('Get Lucky (feat. Pharrell Williams)')).toBe('get lucky');
    expect(normaliseTitle('Song [Live]')).toBe('song');
    expect(normaliseTitle('  Trailing spaces  ')).toBe('trailing spaces');
  });

  it('takes the first of several artists, in the formats tables use', () => {
    expect(normaliseArtist("['Daft Punk', 'Pharrell Williams']")).toBe('daft punk');
    expect(normaliseArtist('Daft Punk;Pharrell Williams')).toBe('daft punk');
    expect(normaliseArtist('Daft Punk feat. Pharrell')).toBe('daft punk');
    expect(normaliseArtist('Simon & Garfunkel')).toBe('simon');
    expect(normaliseArtist('The Beatles')).toBe('beatles');
    expect(normaliseArtist('Beyoncé')).toBe('beyonce');
  });

  it('makes tags and a Spotify row meet', () => {
    expect(matchKey('Queen', "Don't Stop Me Now - Remastered 2011")).toBe(matchKey('QUEEN', 'Don’t Stop Me Now'.replace('’', "'")));
    expect(matchKey(null, 'Intro')).toBe('|intro');
  });
});
