import type { Sentiment } from './types.ts';

/**
 * Balanced accuracy as the benchmark defines it: the mean of the recall on happy rows and on
 * unhappy rows (on a set with one class only, such as complaint narratives, that class's
 * recall). Neutral-labelled rows are left out; a neutral prediction on a happy or unhappy row
 * is a miss.
 */
export class BalancedAccuracy {
  happy = 0;
  happyHit = 0;
  unhappy = 0;
  unhappyHit = 0;

  add(label: Sentiment, predicted: Sentiment): void {
    if (label === 'happy') {
      this.happy++;
      if (predicted === 'happy') this.happyHit++;
    } else if (label === 'unhappy') {
      this.unhappy++;
      if (predicted === 'unhappy') this.unhappyHit++;
    }
  }

  get happyRecall(): number {
    return this.happy === 0 ? 0 : this.happyHit / this.happy;
  }

  get unhappyRecall(): number {
    return this.unhappy === 0 ? 0 : this.unhappyHit / this.unhappy;
  }

  get value(): number {
    if (this.happy === 0 || this.unhappy === 0) return this.happy === 0 ? this.unhappyRecall : this.happyRecall;
    return (this.happyRecall + this.unhappyRecall) / 2;
  }

  get rows(): number {
    return this.happy + this.unhappy;
  }
}
