# Installation and the Debian package:
#   cmake --build build --target deb   -> build/kestrel_<version>_amd64.deb (programs, systemd
#                          units, /etc/kestrel, man pages, the bundled corpus, copyright, changelog)
# The units are deploy/'s, with the paths of a package (programs in /usr/bin, the corpus in
# /usr/share/kestrel/corpus) instead of a checkout in /opt/kestrel.
include(GNUInstallDirs)

install(TARGETS kestrel-index kestrel-server kestrel-search RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

set(KESTREL_PACKAGE_DIR ${CMAKE_BINARY_DIR}/package)
foreach(unit kestrel-server.service kestrel-index.service kestrel-index.timer
             kestrel-replicate-server.service kestrel-replica.service kestrel-shard@.service
             kestrel-analytics-report.service kestrel-analytics-report.timer)
  file(READ ${PROJECT_SOURCE_DIR}/deploy/${unit} text)
  string(REPLACE "/opt/kestrel/build/bin/" "/usr/bin/" text "${text}")
  string(REPLACE "/opt/kestrel/corpus" "/usr/share/kestrel/corpus" text "${text}")
  string(REPLACE "WorkingDirectory=/opt/kestrel" "WorkingDirectory=/var/lib/kestrel" text "${text}")
  file(WRITE ${KESTREL_PACKAGE_DIR}/${unit}
       "# Installed by the kestrel package: deploy/${unit} with the package's paths (programs in\n"
       "# /usr/bin, the corpus in /usr/share/kestrel/corpus); its comments describe a checkout.\n"
       "${text}")
  install(FILES ${KESTREL_PACKAGE_DIR}/${unit} DESTINATION lib/systemd/system)
endforeach()
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
             ${PROJECT_SOURCE_DIR}/deploy/kestrel-server.service
             ${PROJECT_SOURCE_DIR}/deploy/kestrel-index.service
             ${PROJECT_SOURCE_DIR}/deploy/kestrel-index.timer
             ${PROJECT_SOURCE_DIR}/deploy/kestrel-replicate-server.service
             ${PROJECT_SOURCE_DIR}/deploy/kestrel-replica.service
             ${PROJECT_SOURCE_DIR}/deploy/kestrel-shard@.service
             ${PROJECT_SOURCE_DIR}/deploy/kestrel-analytics-report.service
             ${PROJECT_SOURCE_DIR}/deploy/kestrel-analytics-report.timer)

install(FILES ${CMAKE_CURRENT_LIST_DIR}/server.env DESTINATION /etc/kestrel)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/corpus/ DESTINATION ${CMAKE_INSTALL_DATADIR}/kestrel/corpus)
install(FILES ${CMAKE_CURRENT_LIST_DIR}/copyright DESTINATION ${CMAKE_INSTALL_DOCDIR})

# Man pages from each program's --help (help2man), gzipped as Debian keeps them.
find_program(HELP2MAN help2man)
set(package_documents)
if(HELP2MAN)
  foreach(spec "kestrel-index=build or update a Kestrel search index"
               "kestrel-server=serve Kestrel searches and the search page over HTTP"
               "kestrel-search=search a Kestrel index from the command line")
    string(REPLACE "=" ";" parts "${spec}")
    list(GET parts 0 program)
    list(GET parts 1 summary)
    set(page ${KESTREL_PACKAGE_DIR}/${program}.1.gz)
    add_custom_command(
      OUTPUT ${page}
      COMMAND ${HELP2MAN} --no-info --no-discard-stderr --version-string=${PROJECT_VERSION}
              --name=${summary} --output=${KESTREL_PACKAGE_DIR}/${program}.1 $<TARGET_FILE:${program}>
      COMMAND gzip -9nf ${KESTREL_PACKAGE_DIR}/${program}.1
      DEPENDS ${program}
      COMMENT "Man page of ${program}"
      VERBATIM)
    install(FILES ${page} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
    list(APPEND package_documents ${page})
  endforeach()
endif()

# The package's changelog (packaging/changelog, Debian's format; its first entry's version is
# the project's, which the package test checks), where a native package keeps it.
set(changelog ${KESTREL_PACKAGE_DIR}/changelog.gz)
add_custom_command(
  OUTPUT ${changelog}
  COMMAND gzip -9n -c ${CMAKE_CURRENT_LIST_DIR}/changelog > ${changelog}
  DEPENDS ${CMAKE_CURRENT_LIST_DIR}/changelog
  COMMENT "The package's changelog")
install(FILES ${changelog} DESTINATION ${CMAKE_INSTALL_DOCDIR})
list(APPEND package_documents ${changelog})
add_custom_target(package-documents ALL DEPENDS ${package_documents})

# `cmake --build build --target deb`: builds what the package holds (not the tests), then the
# package, kestrel_<version>_amd64.deb in build/. Plain `cpack` packs whatever was last built.
add_custom_target(
  deb
  COMMAND ${CMAKE_CPACK_COMMAND} -G DEB
  WORKING_DIRECTORY ${CMAKE_BINARY_DIR}
  COMMENT "kestrel_${PROJECT_VERSION}_amd64.deb"
  VERBATIM)
add_dependencies(deb kestrel-index kestrel-server kestrel-search package-documents)

set(CPACK_PACKAGE_NAME kestrel)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "Kestrel developers <kestrel@clinic.example>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "search engine for a clinic's library of research articles")
# Lines of at most 80 characters, as Debian's policy asks of an extended description.
string(CONCAT CPACK_PACKAGE_DESCRIPTION
       "Kestrel indexes research articles (Markdown, HTML, JSON Lines) with ICU\n"
       "tokenising and Xapian stemming, and serves ranked, faceted searches as JSON,\n"
       "a search page and a Meilisearch-compatible API. kestrel-index builds the\n"
       "index (incremental, atomic, safe under cron), kestrel-server answers on\n"
       "HTTP, kestrel-search queries from the shell.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION web)
set(CPACK_DEBIAN_PACKAGE_LICENSE GPL-2+)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)  # Depends from the shared libraries (dpkg-shlibdeps)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "xapian-tools")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${CMAKE_CURRENT_LIST_DIR}/postinst ${CMAKE_CURRENT_LIST_DIR}/postrm
    ${CMAKE_CURRENT_LIST_DIR}/conffiles)
set(CPACK_GENERATOR DEB)
include(CPack)
