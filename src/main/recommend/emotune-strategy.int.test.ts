import { describe, expect, it } from 'vitest';
import { MOOD_SONGS, moodLibrary } from '../testing/mood-library.ts';
import { useTempDir } from '../testing/temp-dir.ts';
import { LIFT_GOAL, MOOD_TARGETS } from './mood-space.ts';

const temp = useTempDir();

const titles = (r: { songs: { title: string }[] }): string[] => r.songs.map((s) => s.title);

describe('the emotune strategy on a real library', () => {
  it('ranks songs by how well their mood point fits the emotion, and says why', async () => {
    const { services } = await moodLibrary(temp.path);
    const sad = services.recommender.recommend('sad', 3);
    expect(sad).toMatchObject({ basis: 'mood', strategy: 'emotune', mode: 'match' });
    expect(titles(sad).sort()).toEqual(['Alone', 'Grey Morning', 'Rain'].sort());
    expect(sad.picks[0]?.why).toMatch(/^calm · dark · mid-tempo — fits sad$/);
    expect(sad.picks.every((p) => p.fit !== null && p.fit > 0.5)).toBe(true);
    expect(titles(services.recommender.recommend('angry', 2)).sort()).toEqual(['Rage', 'Storm']);
    expect(titles(services.recommender.recommend('neutral', 3)).sort()).toEqual(['Breeze', 'Lake', 'Meadow']);
    await services.close();
  });

  it('takes no artist twice in a list while another fitting song is left', async () => {
    const { services } = await moodLibrary(temp.path);
    // Sunshine and Party (both Band A) fit happy best; the list takes one of them and Dance Floor.
    const happy = titles(services.recommender.recommend('happy', 2));
    expect(happy).toContain('Dance Floor');
    expect(happy.filter((t) => t === 'Sunshine' || t === 'Party')).toHaveLength(1);
    await services.close();
  });

  it('lets assigned songs join the list near the top instead of replacing it', async () => {
    const { services, id } = await moodLibrary(temp.path);
    services.repository.setEmotion(id('Middle'), 'sad', true);
    const sad = services.recommender.recommend('sad', 4);
    expect(titles(sad)).toContain('Middle');
    expect(titles(sad)).toHaveLength(4);
    expect(titles(sad).filter((t) => ['Rain', 'Grey Morning', 'Alone'].includes(t)).length).toBeGreaterThanOrEqual(2);
    expect(sad.picks[titles(sad).indexOf('Middle')]?.why).toMatch(/you chose it for sad/);
    await services.close();
  });

  it('counts thumbs and skips against a song for that emotion, and a like for it', async () => {
    const { services, id } = await moodLibrary(temp.path);
    const before = titles(services.recommender.recommend('sad', 3));
    expect(before).toContain('Rain');
    services.recommendations.recordFeedback(id('Rain'), 'sad', 'thumb-down');
    const after = services.recommender.recommend('sad', 3);
    expect(titles(after)).not.toContain('Rain');
    // Two early skips push a song below a slightly worse fit.
    services.recommendations.recordFeedback(id('Alone'), 'sad', 'skipped');
    services.recommendations.recordFeedback(id('Alone'), 'sad', 'skipped');
    expect(titles(services.recommender.recommend('sad', 1))).toEqual(['Grey Morning']);
    // Only for that emotion.
    expect(services.recommendations.feedbackFor('happy').size).toBe(0);
    // A thumbs-up brings a fair fit forward, and the list shows the verdict.
    services.recommendations.recordFeedback(id('Lake'), 'neutral', 'thumb-up');
    const neutral = services.recommender.recommend('neutral', 3);
    expect(titles(neutral)[0]).toBe('Lake');
    expect(neutral.picks[0]).toMatchObject({ thumb: 1, why: expect.stringMatching(/you liked it/) });
    await services.close();
  });

  it('lift mode starts at the mood and ends at calm, positive music', async () => {
    const { services } = await moodLibrary(temp.path);
    const lift = services.recommender.recommend('sad', 4, { mode: 'lift' });
    expect(lift.mode).toBe('lift');
    const points = lift.songs.map((s) => MOOD_SONGS.find(([t]) => t === s.title) as [string, string, number, number]);
    const first = points[0] as [string, string, number, number];
    const last = points.at(-1) as [string, string, number, number];
    expect(Math.hypot(first[2] - MOOD_TARGETS.sad.valence, first[3] - MOOD_TARGETS.sad.arousal)).toBeLessThan(0.2);
    expect(Math.hypot(last[2] - LIFT_GOAL.valence, last[3] - LIFT_GOAL.arousal)).toBeLessThan(0.2);
    expect(lift.picks[0]?.why).toMatch(/meets sad/);
    expect(lift.picks.at(-1)?.why).toMatch(/calm and positive/);
    await services.close();
  });

  it('avoids the songs of the last lists on a reshuffle, and follows the strategy and mode settings', async () => {
    const { services } = await moodLibrary(temp.path);
    const first = services.playlist.follow('neutral', 'override');
    const again = services.playlist.reshuffle();
    expect(titles(again ?? { songs: [] }).filter((t) => titles(first ?? { songs: [] }).includes(t))).toHaveLength(0);
    await services.updateSettings({ recommendStrategy: 'paper2' });
    expect(services.playlist.current).toMatchObject({ strategy: 'paper2', reason: 'settings-changed' });
    await services.updateSettings({ recommendStrategy: 'emotune', recommendMode: 'lift' });
    expect(services.playlist.current).toMatchObject({ strategy: 'emotune', mode: 'lift' });
    await services.close();
  });
});
