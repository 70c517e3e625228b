// The count of requests in flight outside the sidebar, which the status bar reads.
import * as assert from 'node:assert/strict';
import { Activity } from '../../src/core/activity';

describe('Activity', () => {
  it('is active while any request is in flight, overlapping ones included', () => {
    const activity = new Activity();
    const seen: boolean[] = [];
    activity.onDidChange(() => seen.push(activity.active));
    assert.equal(activity.active, false);
    const endFirst = activity.begin();
    const endSecond = activity.begin();
    endFirst();
    assert.equal(activity.active, true);
    endSecond();
    assert.equal(activity.active, false);
    assert.deepEqual(seen, [true, true, true, false]);
  });

  it('ignores a second end of the same request', () => {
    const activity = new Activity();
    const endFirst = activity.begin();
    const endSecond = activity.begin();
    endFirst();
    endFirst();
    assert.equal(activity.active, true);
    endSecond();
    assert.equal(activity.active, false);
  });

  it('stops telling a listener once it unsubscribed', () => {
    const activity = new Activity();
    let calls = 0;
    const unsubscribe = activity.onDidChange(() => calls++);
    activity.begin()();
    unsubscribe();
    activity.begin();
    assert.equal(calls, 2);
  });
});
