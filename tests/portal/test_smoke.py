def test_a_county_uploads_and_sees_its_report(client_for, files):
    c = client_for("county")
    page = c.get("/county/upload")
    assert page.status_code == 200
    from portal_helpers import csrf

    resp = c.post("/county/upload", data={"csrf_token": csrf(page.text), "file": (__import__("io").BytesIO(files["bad"].read_bytes()), files["bad"].name)},
                  content_type="multipart/form-data")
    assert resp.status_code == 200, resp.text
    assert "联系电话" in resp.text and "统一社会信用代码" in resp.text
