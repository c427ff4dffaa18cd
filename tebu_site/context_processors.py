from tebu_site.navigation import menu_for


def navigation(request):
    return {"menu": menu_for(request.user)}
