#!/usr/bin/env python3
"""The operator console in Debian's chromium (Selenium + chromedriver), against a live `idos-issuer serve` and
idos-devnode started by Tests/console/console_test.sh. Each step asserts what the operator sees; screenshots
of each page go to OUT/screenshots. Exit 0 when every step passed."""
import argparse
import base64
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "deploy", "dev"))
import wallet  # noqa: E402  (the user's side: eth-account wallet, scrypt key, the API calls)

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.options import Options  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

STEPS = []


def step(text):
    STEPS.append(text)
    print(f"browser_test: {len(STEPS)}. {text}", flush=True)


def fail(text):
    sys.exit(f"browser_test: FAILED at step {len(STEPS)} ({STEPS[-1] if STEPS else '-'}): {text}")


def check(condition, text):
    if not condition:
        fail(text)


def browser():
    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1100", "--disable-gpu",
                "--no-first-run", "--disable-extensions", "--lang=en-US"):
        options.add_argument(arg)
    return webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))


def shot(driver, out, name):
    path = os.path.join(out, "screenshots", name + ".png")
    # The whole page: widen the window to the document's height first.
    height = driver.execute_script("return Math.max(document.body.scrollHeight, 600)")
    driver.set_window_size(1280, min(int(height) + 120, 4000))
    driver.save_screenshot(path)
    return path


def text(driver):
    return driver.find_element(By.TAG_NAME, "body").text


def sign_in(driver, base, name, password):
    """Submits the login form and waits for the answer: the queue page, or the form again with its error."""
    driver.get(base + "/console/login")
    driver.find_element(By.NAME, "name").send_keys(name)
    driver.find_element(By.NAME, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    deadline = time.time() + 15
    while time.time() < deadline:
        try:
            if driver.current_url.endswith("/console/queue") or driver.find_elements(By.ID, "login-error"):
                return
        except Exception:
            pass
        time.sleep(0.1)
    fail(f"signing in as {name}: no answer within 15 s ({driver.current_url})")


def wait_until(what, seconds, probe):
    deadline = time.time() + seconds
    while time.time() < deadline:
        value = probe()
        if value:
            return value
        time.sleep(0.5)
    fail(f"{what} did not happen within {seconds} s")


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def raw(method, url, data=None, headers=None):
    """One request, no redirects followed: (status, headers, body text)."""
    body = None if data is None else urllib.parse.urlencode(data).encode()
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    if body is not None:
        request.add_header("Content-Type", "application/x-www-form-urlencoded")
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def wait_text(driver, needle, seconds=15):
    """Waits until the current page's text contains `needle` (a click's navigation may still be loading)."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if needle in text(driver):
                return
        except Exception:
            pass
        time.sleep(0.2)
    fail(f"'{needle}' did not appear; the page says: {text(driver)[:400]}")


def set_faults(node, faults):
    request = urllib.request.Request(node + "/devnode/faults", data=json.dumps(faults).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        check(response.status == 200, f"POST /devnode/faults answered {response.status}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--api", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--node", required=True)
    p.add_argument("--cli", required=True)
    p.add_argument("--operator", required=True)
    p.add_argument("--viewer", required=True)
    p.add_argument("--victim", required=True)
    p.add_argument("--out", required=True)
    a = p.parse_args()
    base, key, node = a.api.rstrip("/"), a.key, a.node.rstrip("/")
    op_name, op_pw = a.operator.split(":", 1)
    view_name, view_pw = a.viewer.split(":", 1)
    victim_name, victim_pw = a.victim.split(":", 1)
    shots = []

    # --- A user whose creation on the node becomes a dead letter: the node refuses the issuer's transactions
    # for good (insufficient balance, as a real node refuses an account that cannot pay).
    step("the devnode refuses every transaction (reject_tx_rate 1.0); a new user's creation becomes a dead letter")
    set_faults(node, {"reject_tx_rate": 1.0})
    from eth_account import Account
    her = Account.create()
    challenge = wallet.expect(*wallet.call(base, key, "POST", "/v1/wallet-challenges", {"walletType": "EVM", "address": her.address}),
                              201, "challenge")
    user_id = challenge["userId"]
    keypair = wallet.derive_keypair("correct horse battery staple", user_id)
    public_key = base64.b64encode(bytes(keypair.public_key)).decode()
    wallet.expect(*wallet.call(base, key, "POST", "/v1/users", {"challengeId": challenge["id"],
                                                              "signature": wallet.evm_sign(her.key, challenge["message"]),
                                                              "recipientEncryptionPublicKey": public_key,
                                                              "encryptionPasswordStore": "user"}), 202, "user")

    # --- Sign-in: cookie flags, the login form's CSRF token, the throttle.
    step("the login form's cookie is HttpOnly, SameSite=Strict, without Secure on loopback and with it for another host")
    s, h, page = raw("GET", base + "/console/login")
    check(s == 200, f"GET /console/login: {s}")
    cookie = h.get("Set-Cookie", "")
    check("HttpOnly" in cookie and "SameSite=Strict" in cookie and "Secure" not in cookie, f"loopback login cookie: {cookie}")
    s, h, _ = raw("GET", base + "/console/login", headers={"Host": "issuer.example.com"})
    check("; Secure" in h.get("Set-Cookie", ""), f"a public host name must get a Secure cookie: {h.get('Set-Cookie')}")
    s, h, _ = raw("GET", base + "/console/login", headers={"X-Forwarded-Proto": "https"})
    check("; Secure" in h.get("Set-Cookie", ""), "X-Forwarded-Proto: https must get a Secure cookie")
    check("script-src" not in h.get("Content-Security-Policy", "x") and "default-src 'none'" in h.get("Content-Security-Policy", ""),
          "the console's CSP allows no script")

    step("a login posted without the form's CSRF token is refused (403)")
    s, _, page = raw("POST", base + "/console/login", {"name": op_name, "password": op_pw})
    check(s == 403 and "CSRF token is missing or wrong" in page, f"login without CSRF: {s}")

    step(f"five wrong passwords for '{victim_name}' are each refused (401); the sixth attempt, even right, is throttled (429)")
    driver = browser()
    try:
        for i in range(5):
            sign_in(driver, base, victim_name, "wrong-password-%d" % i)
            wait_text(driver, "Wrong name or password.")
        shots.append(shot(driver, a.out, "01-login-wrong-password"))
        sign_in(driver, base, victim_name, victim_pw)
        wait_text(driver, "Too many failed sign-ins")
        shots.append(shot(driver, a.out, "02-login-throttled"))
        s, h, _ = raw("GET", base + "/console/login")
        token = h.get("Set-Cookie", "").split(";")[0].split("=", 1)[1]
        s, h, _ = raw("POST", base + "/console/login", {"name": victim_name, "password": victim_pw, "csrf": token},
                      headers={"Cookie": f"idos_console_login={token}"})
        check(s == 429 and h.get("Retry-After"), f"a throttled sign-in must be 429 with Retry-After, got {s}")

        step("the operator signs in and sees the queue page")
        driver.get(base + "/console/")
        check(driver.current_url.endswith("/console/login"), f"/console/ without a session must lead to the login page: {driver.current_url}")
        shots.append(shot(driver, a.out, "00-login"))
        sign_in(driver, base, op_name, op_pw)
        check(driver.current_url.endswith("/console/queue"), f"after sign-in: {driver.current_url}")
        session_cookie = driver.get_cookie("idos_console_session")
        check(session_cookie and session_cookie.get("httpOnly") and session_cookie.get("sameSite") == "Strict",
              f"session cookie flags: {session_cookie}")
        check("create_user" in text(driver) and "Queue health" in text(driver), "the queue page lists the jobs by kind")
        check(len(driver.find_elements(By.CSS_SELECTOR, "#nodes tr")) >= 2, "the queue page lists the node")

        step("the dead letter appears on the dead-letters page (create_user, rejected_by_node, the node's message)")
        def dead_row():
            driver.get(base + "/console/dead-letters")
            rows = driver.find_elements(By.CSS_SELECTOR, "#dead-letters tr")
            return rows[1:] if len(rows) > 1 else None
        rows = wait_until("the dead letter", 90, dead_row)
        check(len(rows) == 1 and "rejected_by_node" in rows[0].text and "create_user" in rows[0].text
              and "insufficient balance" in rows[0].text,
              f"dead letters: {[r.text for r in rows]}")
        job_id = rows[0].find_element(By.TAG_NAME, "a").text
        shots.append(shot(driver, a.out, "04-dead-letters"))
        driver.get(base + "/console/queue")
        check("rejected_by_node" in text(driver), "the queue page counts the dead letter by reason")
        shots.append(shot(driver, a.out, "03-queue"))

        step("the job page shows the failed attempts with the node's message")
        driver.get(f"{base}/console/jobs/{job_id}")
        attempts = driver.find_elements(By.CSS_SELECTOR, "#attempts tr")
        check(len(attempts) >= 2 and "insufficient balance" in attempts[-1].text, f"the refused attempt: {[r.text for r in attempts]}")
        check("insufficient balance" in text(driver) and "abandoned" in text(driver), "the job page shows the refused transaction")
        check(driver.find_element(By.ID, "job-state").text == "discarded", "the job is discarded")
        shots.append(shot(driver, a.out, "05-job-dead"))

        # --- A viewer: buttons disabled, and the server refuses even when the button is forced.
        step("a viewer sees the buttons disabled, and a forced redrive is refused (403)")
        viewer = browser()
        try:
            sign_in(viewer, base, view_name, view_pw)
            viewer.get(base + "/console/dead-letters")
            buttons = viewer.find_elements(By.CSS_SELECTOR, "#dead-letters button")
            check(buttons and all(not b.is_enabled() for b in buttons), "a viewer's retry/cancel buttons must be disabled")
            shots.append(shot(viewer, a.out, "06-viewer-dead-letters"))
            viewer.get(base + "/console/dead-letters/redrive?reason=rejected_by_node")
            confirm = viewer.find_element(By.ID, "redrive-confirm")
            check(not confirm.is_enabled(), "a viewer's redrive button must be disabled")
            viewer.execute_script("document.getElementById('redrive-confirm').removeAttribute('disabled')")
            viewer.find_element(By.ID, "redrive-confirm").click()
            wait_text(viewer, "Your role (viewer) can read the console but not change jobs.")
            shots.append(shot(viewer, a.out, "07-viewer-refused"))
        finally:
            viewer.quit()

        step("a form posted without its CSRF token (or with another session's) is refused (403) and changes nothing")
        cookie_header = f"idos_console_session={session_cookie['value']}"
        s, _, page = raw("POST", f"{base}/console/jobs/{job_id}/retry", {}, headers={"Cookie": cookie_header})
        check(s == 403 and "CSRF token is missing or wrong" in page, f"retry without CSRF: {s}")
        s, _, page = raw("POST", f"{base}/console/jobs/{job_id}/retry", {"csrf": "A" * 43}, headers={"Cookie": cookie_header})
        check(s == 403, f"retry with a wrong CSRF token: {s}")
        driver.get(f"{base}/console/jobs/{job_id}")
        check(driver.find_element(By.ID, "job-state").text == "discarded", "a refused form must not move the job")

        # --- The operator redrives after the node recovers, and watches the delivery.
        step("the node recovers; the operator's redrive dry run counts 1 job, then the redrive moves it")
        set_faults(node, {})
        driver.get(f"{base}/console/users/{user_id}")
        check("Identity NOT created on the node" in text(driver), f"user page while dead: {text(driver)[:300]}")
        driver.get(base + "/console/dead-letters?reason=rejected_by_node")
        driver.find_element(By.ID, "redrive-link").click()
        wait_text(driver, "A redrive would move 1 dead letters")
        shots.append(shot(driver, a.out, "08-redrive-dry-run"))
        driver.find_element(By.ID, "redrive-confirm").click()
        wait_text(driver, "Redrove 1 dead letters")

        step("the job page shows the job running again until it completes; she is created on the node")
        def completed():
            driver.get(f"{base}/console/jobs/{job_id}")
            return driver.find_element(By.ID, "job-state").text == "completed"
        try:
            wait_until("the redriven creation", 180, completed)
        except SystemExit:
            print(text(driver), file=sys.stderr)
            raise
        check(len(driver.find_elements(By.CSS_SELECTOR, "#transactions tr")) >= 2, "the job page lists the node transaction")
        check(f"job.redriven by operator:{op_name}" in text(driver), "the job's history names the operator's redrive")
        shots.append(shot(driver, a.out, "09-job-completed"))
        wallet.wait_for(base, key, f"/v1/users/{user_id}", "status", "created", "user creation", seconds=60)

        step("her credential is issued through a write grant she signs, and delivered")
        grant = wallet.expect(*wallet.call(base, key, "POST", f"/v1/users/{user_id}/write-grants", {}), 201, "write grant")
        body = wallet.credential_body(user_id, grant["id"], wallet.evm_sign(her.key, grant["message"]))
        credential_id = wallet.expect(*wallet.call(base, key, "POST", "/v1/credentials", body), 202, "credential")["id"]
        wallet.wait_for(base, key, f"/v1/credentials/{credential_id}", "status", "delivered", "the credential's delivery", seconds=60)

        step("the user's page, found by her wallet address, says what happened and shows no personal data")
        driver.get(base + "/console/users")
        driver.find_element(By.NAME, "q").send_keys(her.address)
        driver.find_element(By.CSS_SELECTOR, "form[action='/console/users'] button").click()
        check(driver.current_url.endswith(f"/console/users/{user_id}"), f"search by wallet: {driver.current_url}")
        page = text(driver)
        check("Identity created on the node" in page and "Delivered" in page, f"user page: {page[:400]}")
        source = driver.page_source
        for secret in ("Alice", "Liddell", "123456789", "Oxford", her.address, her.address.lower(), public_key):
            check(secret not in source, f"the user page shows personal data or key material ({secret[:6]}…)")
        shots.append(shot(driver, a.out, "10-user"))
        driver.get(base + "/console/users?q=" + credential_id)
        check(driver.current_url.endswith(f"/console/users/{user_id}"), "search by credential id")
        driver.get(base + "/console/users?q=00000000-0000-0000-0000-000000000000")
        check("No user matches" in text(driver), "an unknown id is 'no user matches'")

        step("the audit log names the operator's redrive, and the chain verifies")
        export = subprocess.run([a.cli, "audit", "export", "--user", user_id], capture_output=True, text=True, timeout=60)
        check(export.returncode == 0, f"audit export: {export.stderr}")
        rows = [json.loads(line) for line in export.stdout.splitlines() if line.strip()]
        check(any(r["action"] == "job.redriven" and r["actor"] == f"operator:{op_name}" for r in rows),
              f"no job.redriven by operator:{op_name} in {[(r['action'], r['actor']) for r in rows]}")
        verify = subprocess.run([a.cli, "audit", "verify"], capture_output=True, text=True, timeout=60)
        check(verify.returncode == 0, f"audit verify: {verify.stdout} {verify.stderr}")

        step("signing out ends the session (its cookie no longer opens a page)")
        driver.find_element(By.CSS_SELECTOR, "form[action='/console/logout'] button").click()
        check(driver.current_url.endswith("/console/login"), f"after sign-out: {driver.current_url}")
        s, h, _ = raw("GET", base + "/console/queue", headers={"Cookie": cookie_header})
        check(s == 303 and h.get("Location") == "/console/login", f"the old session cookie still works: {s}")
    finally:
        driver.quit()
    print("browser_test: all %d steps passed; screenshots:\n  %s" % (len(STEPS), "\n  ".join(sorted(shots))))


if __name__ == "__main__":
    main()
