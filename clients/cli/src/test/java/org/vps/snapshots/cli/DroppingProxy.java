package org.vps.snapshots.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy to the service that, for the first {@code drops} final answers (not 1xx), lets the
 * request through and then closes the client's connection as the answer begins: the request was
 * done, and the client never learns it.
 */
final class DroppingProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final URI upstream;
  private final AtomicInteger drops;
  final AtomicInteger dropped = new AtomicInteger();

  DroppingProxy(String upstreamUrl, int drops) throws IOException {
    this.listener = new ServerSocket(0);
    this.upstream = URI.create(upstreamUrl);
    this.drops = new AtomicInteger(drops);
    daemon(this::accept);
  }

  String url() {
    return "http://127.0.0.1:" + listener.getLocalPort();
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        daemon(() -> relay(client));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void relay(Socket client) {
    try (client;
        Socket server = new Socket(upstream.getHost(), upstream.getPort())) {
      daemon(() -> copy(quietly(client::getInputStream), quietly(server::getOutputStream)));
      InputStream answers = server.getInputStream();
      OutputStream toClient = client.getOutputStream();
      byte[] buffer = new byte[8192];
      for (int n; (n = answers.read(buffer)) > 0; ) {
        boolean interim =
            new String(buffer, 0, n, StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 1");
        if (!interim && drops.getAndDecrement() > 0) {
          dropped.incrementAndGet();
          return;
        }
        toClient.write(buffer, 0, n);
        toClient.flush();
      }
    } catch (IOException e) {
      // one side closed: so does the other
    }
  }

  private static void daemon(Runnable work) {
    Thread thread = new Thread(work, "dropping-proxy");
    thread.setDaemon(true);
    thread.start();
  }

  private static void copy(InputStream from, OutputStream to) {
    try {
      from.transferTo(to);
    } catch (IOException | NullPointerException e) {
      // one side closed
    }
  }

  private interface Opening<T> {
    T open() throws IOException;
  }

  private static <T> T quietly(Opening<T> opening) {
    try {
      return opening.open();
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
  }
}
