"""Login, logout, password change and lockout, in Indonesian, for every role."""

import pytest
from django.test import Client
from django.urls import reverse

from tebu_site.models import Role
from tests.factories import TEST_PASSWORD, FarmerFactory, RegionFactory, UserFactory, farmer_user

pytestmark = pytest.mark.django_db


def login(client: Client, username: str, password: str = TEST_PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password}, follow=True)


def test_login_page_is_indonesian_by_default():
    response = Client().get(reverse("login"))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'lang="id"' in content
    assert "Masuk" in content  # "Log in"


def test_login_page_in_english_when_chosen():
    client = Client()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    content = client.get(reverse("login")).content.decode()
    assert 'lang="en"' in content
    assert "Log in" in content


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.FARMER])
def test_each_staff_role_logs_in_and_sees_its_home(role):
    region = RegionFactory()
    user = UserFactory(role=role, mills=[region.mill], regions=[region])
    response = login(Client(), user.username)
    assert response.redirect_chain[-1][0] == reverse("home")
    content = response.content.decode()
    assert 'data-testid="home-role"' in content
    assert str(Role(role).label) in content or Role(role).label in content


def test_farmer_logs_in_and_sees_own_home():
    farmer = FarmerFactory(name="Buriyanto")
    user = farmer_user(farmer)
    response = login(Client(), user.username)
    content = response.content.decode()
    assert farmer.nik in content
    assert "Petani mitra" in content


def test_wrong_password_shows_indonesian_error():
    user = UserFactory()
    response = login(Client(), user.username, "wrong-password")
    assert response.status_code == 200
    assert "Nama pengguna atau sandi salah" in response.content.decode()
    assert "_auth_user_id" not in Client().session


def test_lockout_after_repeated_failed_logins(settings):
    user = UserFactory()
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, user.username, "wrong-password")
    response = login(client, user.username)  # even the right password is refused now
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_logout_returns_to_login():
    user = UserFactory()
    client = Client()
    client.force_login(user)
    response = client.post(reverse("logout"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("login")
    assert client.get(reverse("home")).status_code == 302


def test_first_password_must_be_changed_before_anything_else():
    user = UserFactory(must_change_password=True)
    client = Client()
    client.force_login(user)
    assert client.get(reverse("home"))["Location"] == reverse("password_change")
    response = client.post(
        reverse("password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "kebun-tebu-subur-88",
            "new_password2": "kebun-tebu-subur-88",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.must_change_password is False
    assert client.get(reverse("home")).status_code == 200


def test_home_requires_login():
    response = Client().get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_error_pages_are_indonesian(settings):
    settings.DEBUG = False
    response = Client().get("/tidak-ada/")
    assert response.status_code == 404
    assert "Halaman yang Anda cari" in response.content.decode()


def test_english_browser_still_gets_indonesian_until_switched():
    client = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="id"' in client.get(reverse("login")).content.decode()
