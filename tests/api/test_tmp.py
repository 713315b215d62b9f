def test_x(archive, anonymous):
    for url in [
        "/api/v1/citations/?flow=-253087560462246346752",
        "/api/v1/citations/?role=99999999999999999999999",
        "/api/v1/ventures/?founded_from=99999999999999999999",
        "/api/v1/funding-flows/?usd_min=1e400",
        "/api/v1/funding-flows/?usd_min=99999999999999999999999999999",
        "/api/v1/sources/?year=99999999999999999999",
    ]:
        print(url, anonymous.get(url).status_code)
