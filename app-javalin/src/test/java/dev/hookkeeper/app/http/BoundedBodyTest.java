package dev.hookkeeper.app.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BoundedBodyTest {
  private static final Duration AMPLE = Duration.ofSeconds(10);

  @Test
  void reads_a_declared_length_exactly() throws IOException {
    byte[] body = bytes(100_000);
    assertThat(BoundedBody.read(body.length, new ByteArrayInputStream(body), 200_000, AMPLE)).isEqualTo(body);
  }

  @Test
  void reads_a_chunked_body_up_to_the_limit_inclusive() throws IOException {
    byte[] body = bytes(70_000);
    assertThat(BoundedBody.read(-1, new ByteArrayInputStream(body), 200_000, AMPLE)).isEqualTo(body);
    assertThat(BoundedBody.read(-1, new ByteArrayInputStream(body), 70_000, AMPLE)).isEqualTo(body);
    assertThat(BoundedBody.read(-1, new ByteArrayInputStream(new byte[0]), 10, AMPLE)).isEmpty();
  }

  @Test
  void refuses_a_declared_length_above_the_limit_without_reading() {
    InputStream untouchable = new InputStream() {
      @Override
      public int read() {
        throw new AssertionError("must not read");
      }
    };
    assertThatThrownBy(() -> BoundedBody.read(1001, untouchable, 1000, AMPLE)).isInstanceOf(BoundedBody.TooLarge.class);
  }

  @Test
  void cuts_off_a_chunked_body_once_it_passes_the_limit() {
    assertThatThrownBy(() -> BoundedBody.read(-1, new ByteArrayInputStream(bytes(70_001)), 70_000, AMPLE))
        .isInstanceOf(BoundedBody.TooLarge.class);
    assertThatThrownBy(() -> BoundedBody.read(-1, new ByteArrayInputStream(bytes(10)), 5, AMPLE))
        .isInstanceOf(BoundedBody.TooLarge.class);
  }

  @Test
  void gives_up_on_a_body_dripped_too_slowly() {
    InputStream drip = new InputStream() {
      @Override
      public int read() {
        return 'x';
      }

      @Override
      public int read(byte[] b, int off, int len) {
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        b[off] = 'x';
        return 1;
      }
    };
    assertThatThrownBy(() -> BoundedBody.read(1000, drip, 10_000, Duration.ofMillis(100)))
        .isInstanceOf(BoundedBody.TooSlow.class);
    assertThatThrownBy(() -> BoundedBody.read(-1, drip, 10_000, Duration.ofMillis(100)))
        .isInstanceOf(BoundedBody.TooSlow.class);
  }

  @Test
  void a_body_shorter_than_declared_is_an_error() {
    assertThatThrownBy(() -> BoundedBody.read(10, new ByteArrayInputStream(bytes(5)), 100, AMPLE))
        .isInstanceOf(IOException.class).isNotInstanceOf(BoundedBody.TooLarge.class);
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) 'a');
    for (int i = 0; i < n; i += 7) b[i] = (byte) ('0' + i % 10);
    return b;
  }
}
