package org.vps.snapshots.cli;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.vps.snapshots.client.ApiClient;
import org.vps.snapshots.client.ApiException;
import org.vps.snapshots.client.api.OperatorApi;
import org.vps.snapshots.client.model.CreateAccount;
import org.vps.snapshots.client.model.IssueToken;
import org.vps.snapshots.client.model.RegisterServer;
import org.vps.snapshots.deploy.PackagedApp;

/**
 * The packaged service on its embedded default (its own PostgreSQL and Kafka broker), run by the
 * deployment's tests' {@link PackagedApp}, and set up through its operator API with the generated
 * SDK.
 */
final class Service implements AutoCloseable {
  private static final String ADMIN_TOKEN = "dev-admin-token";
  private static final AtomicLong SERVER_IDS = new AtomicLong(60_000);

  private final PackagedApp app;
  final String url;

  private Service(PackagedApp app) {
    this.app = app;
    this.url = app.url("");
  }

  /** Starts the service with {@code settings} added to its environment; does not wait for it. */
  static Service start(String name, Map<String, String> settings) {
    return new Service(PackagedApp.start(name, settings));
  }

  /** Waits until the API answers. */
  Service awaitReady() {
    app.awaitReady();
    return this;
  }

  /** A new account with a write token, and its servers. */
  record Account(String token, List<Long> servers) {}

  /** Registers a new account with {@code servers} running servers, through the operator API. */
  Account account(String name, int servers) throws ApiException {
    ApiClient client = new ApiClient();
    client.updateBaseUri(url);
    client.setRequestInterceptor(r -> r.header("Authorization", "Bearer " + ADMIN_TOKEN));
    OperatorApi operator = new OperatorApi(client);
    long account = operator.createAccount(new CreateAccount().name(name)).getId();
    String token =
        operator.issueToken(account, new IssueToken().scope(IssueToken.ScopeEnum.WRITE)).getToken();
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < servers; i++) {
      long id = SERVER_IDS.incrementAndGet();
      operator.registerServer(
          new RegisterServer().id(id).accountId(account).name(name + "-" + i).status("running"));
      ids.add(id);
    }
    return new Account(token, ids);
  }

  @Override
  public void close() throws InterruptedException {
    app.close();
  }

  static int freePort() throws IOException {
    return PackagedApp.freePort();
  }
}
